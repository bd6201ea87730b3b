package io.piccolo.adapters.bluechi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.store.StoredArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A private dbus-daemon, a {@link StandInBlueChi} on it with two nodes ({@code hpc} and {@code
 * zone}, each with its Quadlet folder), and a started {@link BlueChiExecutor} connected to both.
 */
final class BlueChiFixture implements AutoCloseable {
  static final String HPC = "hpc";
  static final String ZONE = "zone";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  final PrivateDBus bus;
  final Path folder;
  final StandInBlueChi blueChi;
  final BlueChiExecutor executor;
  final List<ObservedState> observed = new CopyOnWriteArrayList<>();

  BlueChiFixture(Path folder) throws Exception {
    this(folder, Map.of());
  }

  /** {@code executorFolders}: where the executor writes, when not where the node reads. */
  BlueChiFixture(Path folder, Map<String, Path> executorFolders) throws Exception {
    this.folder = folder;
    bus = PrivateDBus.start();
    blueChi = StandInBlueChi.start(bus.address(), Map.of(HPC, quadlets(HPC), ZONE, quadlets(ZONE)));
    Map<String, Path> folders =
        new java.util.HashMap<>(Map.of(HPC, quadlets(HPC), ZONE, quadlets(ZONE)));
    folders.putAll(executorFolders);
    executor =
        new BlueChiExecutor(
            BlueChiSettings.defaults()
                .withBusAddress(bus.address())
                .withQuadletFolder(folder.resolve("default"))
                .withNodeQuadletFolders(folders)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)));
    executor.observe(observed::add);
    executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  Path quadlets(String node) {
    return folder.resolve("quadlets-" + node);
  }

  Path kube(String node, String model) {
    return quadlets(node).resolve(model + ".kube");
  }

  Path pod(String node, String model) {
    return quadlets(node).resolve(model + ".yaml");
  }

  /** A Model document running {@code image}, with a grace period of 5 s. */
  static StoredArtifact model(String name, String image, long version) {
    return model(
        name,
        version,
        """
        apiVersion: v1
        kind: Model
        metadata:
          name: %s
          labels:
            app: %s
        spec:
          hostNetwork: true
          terminationGracePeriodSeconds: 5
          containers:
            - name: main
              image: %s
              env:
                - name: MODE
                  value: rear
        """
            .formatted(name, name, image));
  }

  static StoredArtifact model(String name, long version, String yaml) {
    try {
      return new StoredArtifact("Model", name, version, YAML.readTree(yaml));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode yaml(Path file) throws Exception {
    return YAML.readTree(Files.readString(file));
  }

  static Work work(String action, StoredArtifact model, String node) {
    return new Work(
        "r-" + action, action, "reverse-gear", new ModelTarget("camera", model, node), Map.of());
  }

  WorkResult execute(String action, StoredArtifact model, String node) throws Exception {
    try {
      return executor
          .execute(work(action, model, node))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(action + " failed exceptionally: " + e.getCause(), e.getCause());
    }
  }

  WorkResult succeeds(String action, StoredArtifact model, String node) throws Exception {
    WorkResult result = execute(action, model, node);
    assertEquals(WorkResult.Outcome.SUCCEEDED, result.outcome(), () -> action + ": " + result);
    return result;
  }

  /** The work's stage ends with a transient failure, which the test gets to read. */
  TransientFailure failsTransiently(String action, StoredArtifact model, String node)
      throws Exception {
    try {
      WorkResult result =
          executor
              .execute(work(action, model, node))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      return fail(action + " should have failed transiently, but ended " + result);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransientFailure transientFailure) {
        return transientFailure;
      }
      throw new AssertionError("not a transient failure: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    executor.stop().toCompletableFuture().join();
    blueChi.close();
    bus.close();
  }
}
