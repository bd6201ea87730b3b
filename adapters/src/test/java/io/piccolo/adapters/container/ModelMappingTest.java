package io.piccolo.adapters.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.piccolo.adapters.testing.ModelWork;
import io.piccolo.connectors.testing.SharedData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pullpiri's Model documents as pods, field by field as its nodeagent maps them. */
class ModelMappingTest {
  @Test
  void pullpirisParameterExampleMapsEveryField() throws Exception {
    JsonNode helloworld =
        modelNamed(SharedData.require("pullpiri-examples/parameter-test.yaml"), "helloworld");

    PodPlan plan = ModelMapping.plan(ModelWork.work("launch", helloworld, 4));

    assertEquals("helloworld", plan.name());
    assertEquals(true, plan.hostNetwork());
    assertEquals(List.of(), plan.ports(), "host networking publishes nothing");
    assertEquals(Duration.ZERO, plan.gracePeriod());
    assertEquals(RestartPolicy.ALWAYS, plan.restartPolicy(), "Kubernetes' default");
    ContainerPlan app = plan.containers().get(0);
    assertEquals("helloworld_test-app", app.name());
    assertEquals("docker.io/library/alpine:3.21.3", app.image());
    assertEquals(List.of("/bin/sh", "-c", "sleep 10000"), app.entrypoint());
    assertEquals(List.of(), app.cmd());
    assertEquals(Map.of("MY_VAR", "test"), app.env());
    assertEquals("/app", app.workingDir());
    assertEquals(1_000_000_000L, app.nanoCpus());
    assertEquals(1L << 30, app.memoryBytes());
    assertEquals("1000:1000", app.user());
    assertEquals(List.of("NET_ADMIN"), app.capAdd());
    assertEquals(List.of("ALL"), app.capDrop());
    assertEquals(List.of(new BindMount("/host/data", "/data", false)), app.mounts());
    assertEquals("4", plan.labels().get(PiccoloLabels.MODEL_VERSION));
    assertEquals("rear-camera-package", plan.labels().get(PiccoloLabels.PACKAGE));
    assertEquals("reverse-gear", plan.labels().get(PiccoloLabels.SCENARIO));
  }

  @Test
  void portsArePublishedOnThePodAndArgsBecomeTheCommand() throws Exception {
    JsonNode helloworld2 =
        modelNamed(SharedData.require("pullpiri-examples/parameter-test.yaml"), "helloworld2");

    PodPlan plan = ModelMapping.plan(ModelWork.work("launch", helloworld2, 1));

    assertEquals(List.of(new PortMapping(8082, 8082, "tcp")), plan.ports());
    assertEquals(List.of("sleep", "10000"), plan.containers().get(0).cmd());
    assertEquals(List.of(), plan.containers().get(0).entrypoint());
    assertEquals(2_000_000_000L, plan.containers().get(0).nanoCpus());
  }

  @Test
  void quantitiesAreReadAsKubernetesWritesThem() {
    assertEquals(64L << 20, Quantities.memoryBytes("64Mi").getAsLong());
    assertEquals(500_000_000L, Quantities.memoryBytes("500M").getAsLong());
    assertEquals(1536L << 20, Quantities.memoryBytes("1.5Gi").getAsLong());
    assertEquals(4096L, Quantities.memoryBytes("4096").getAsLong());
    assertEquals(250_000_000L, Quantities.nanoCpus("250m").getAsLong());
    assertEquals(1_500_000_000L, Quantities.nanoCpus("1.5").getAsLong());
    assertEquals(true, Quantities.memoryBytes("lots").isEmpty());
    assertEquals(true, Quantities.nanoCpus("0").isEmpty());
  }

  @Test
  void aVolumeMountWithoutItsHostPathVolumeNamesTheField() {
    JsonNode model =
        ModelWork.model(
            "orphan",
            """
            containers:
              - name: app
                image: localhost/piccolo/busybox:1
                volumeMounts:
                  - name: nowhere
                    mountPath: /data
            """);

    ModelMappingException e =
        assertThrows(
            ModelMappingException.class,
            () -> ModelMapping.plan(ModelWork.work("launch", model, 1)));

    assertEquals(
        "Model 'orphan': spec.containers[0].volumeMounts[0].name names 'nowhere', which is not a"
            + " hostPath volume in spec.volumes; expected the name of a spec.volumes entry with a"
            + " hostPath",
        e.getMessage());
  }

  @Test
  void theDigestFollowsTheSpecOnly() throws Exception {
    JsonNode one = ModelWork.model("d", "containers:\n  - name: app\n    image: a:1\n");
    JsonNode same = ModelWork.model("d", "containers:\n  - name: app\n    image: a:1\n");
    JsonNode other = ModelWork.model("d", "containers:\n  - name: app\n    image: a:2\n");

    String digest = ModelMapping.plan(ModelWork.work("launch", one, 1)).digest();

    assertEquals(digest, ModelMapping.plan(ModelWork.work("launch", same, 2)).digest());
    assertEquals(
        false, digest.equals(ModelMapping.plan(ModelWork.work("launch", other, 3)).digest()));
    assertNull(ModelMapping.plan(ModelWork.work("launch", one, 1)).containers().get(0).user());
  }

  @Test
  void aModelMarkedForAPodNetworkOfNoneGetsOnlyLoopbackUnlessItUsesTheHostsNetwork()
      throws Exception {
    String spec = "containers:\n  - name: app\n    image: a:1\n";
    JsonNode plain = ModelWork.model("n", spec);
    com.fasterxml.jackson.databind.node.ObjectNode marked = plain.deepCopy();
    marked
        .withObject("/metadata/annotations")
        .put(io.piccolo.adapters.NetworkNamespaces.POD_NETWORK_ANNOTATION, "none");
    com.fasterxml.jackson.databind.node.ObjectNode onHost =
        ModelWork.model("n", "hostNetwork: true\n" + spec).deepCopy();
    onHost
        .withObject("/metadata/annotations")
        .put(io.piccolo.adapters.NetworkNamespaces.POD_NETWORK_ANNOTATION, "none");

    PodPlan none = ModelMapping.plan(ModelWork.work("launch", marked, 1));
    PodPlan usual = ModelMapping.plan(ModelWork.work("launch", plain, 1));

    assertEquals(true, none.noNetwork());
    assertEquals("none", none.labels().get(PiccoloLabels.POD_NETWORK));
    assertEquals(false, usual.noNetwork());
    assertEquals(
        false, none.digest().equals(usual.digest()), "a pod with a network is not this one");
    assertEquals(false, ModelMapping.plan(ModelWork.work("launch", onHost, 1)).noNetwork());
  }

  @Test
  void restartBackoffDoublesFromTenSecondsUpToFiveMinutes() {
    RestartBackoff backoff = RestartBackoff.PULLPIRI;

    assertEquals(Duration.ofSeconds(10), backoff.delay(0));
    assertEquals(Duration.ofSeconds(20), backoff.delay(1));
    assertEquals(Duration.ofSeconds(160), backoff.delay(4));
    assertEquals(Duration.ofSeconds(300), backoff.delay(5));
    assertEquals(Duration.ofSeconds(300), backoff.delay(1_000));
  }

  private static JsonNode modelNamed(java.nio.file.Path file, String name) throws Exception {
    try (MappingIterator<JsonNode> documents =
        new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(file.toFile())) {
      for (JsonNode document : documents.readAll()) {
        if (document.path("kind").asText().equals("Model")
            && document.path("metadata").path("name").asText().equals(name)) {
          return document;
        }
      }
    }
    throw new AssertionError(file + " has no Model " + name);
  }
}
