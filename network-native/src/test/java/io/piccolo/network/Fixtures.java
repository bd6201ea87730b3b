package io.piccolo.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Work;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.fact.NetworkUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A PHAROS on the real kernel, with Networks and Models read as {@code piccolo apply} reads them.
 */
final class Fixtures {
  final Map<String, JsonNode> networks = new ConcurrentHashMap<>();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final AtomicReference<Map<String, NetworkUsage>> usage = new AtomicReference<>(Map.of());
  final Pharos pharos;
  final PharosExecutor executor;

  Fixtures(Duration interval) {
    NetworkCatalog catalog =
        name -> Optional.ofNullable(networks.get(name)).map(d -> d.path("spec"));
    UsageReader reader =
        new UsageReader(meters, usage::set, line -> System.err.println(line), System::nanoTime);
    pharos = new Pharos(catalog, reader, interval);
    executor = new PharosExecutor(pharos);
  }

  void start() throws Exception {
    executor.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  void stop() throws Exception {
    executor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Reads artifact YAML as {@code apply} does (checked); Networks go into the catalog. */
  List<Artifact> apply(String yaml) {
    ArtifactFile.Content c = ArtifactFile.read("test.yaml", yaml);
    assertEquals(List.of(), c.problems(), "the test's artifacts are valid");
    for (Artifact a : c.artifacts()) {
      if (a.kind().equals("Network")) {
        networks.put(a.name(), a.document());
      }
    }
    return c.artifacts();
  }

  static ModelTarget model(String name, String network, String trafficClass) {
    String yaml =
        "kind: Model\nmetadata:\n  name: "
            + name
            + "\n  annotations:\n    io.pullpiri.annotations.package-network: "
            + network
            + (trafficClass == null ? "" : "\n    io.piccolo.network/class: " + trafficClass)
            + "\nspec:\n  containers:\n    - {name: app, image: localhost/piccolo/busybox:1}\n";
    ArtifactFile.Content c = ArtifactFile.read("model.yaml", yaml);
    assertEquals(List.of(), c.problems());
    Artifact a = c.artifacts().get(0);
    return new ModelTarget(null, new StoredArtifact("Model", name, 1, a.document()), null);
  }

  String join(ModelTarget target) throws Exception {
    return pharos.join(target).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  String leave(String model) throws Exception {
    return pharos.leave(model).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  io.piccolo.adapters.WorkResult qos(String model, Map<String, Object> params) throws Exception {
    Work work = new Work("r-" + model, "qos", "network", model(model, "unused", null), params);
    return executor.execute(work).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  String address(String model) throws Exception {
    return pharos.addresses().toCompletableFuture().get(10, TimeUnit.SECONDS).get(model);
  }

  String gateway(String network) throws Exception {
    return pharos.gateway(network).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  String uplink(String network) throws Exception {
    return pharos.uplink(network).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  String port(String model) throws Exception {
    return pharos.port(model).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }
}
