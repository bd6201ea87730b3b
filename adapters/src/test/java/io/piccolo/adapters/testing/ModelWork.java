package io.piccolo.adapters.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Work;
import io.piccolo.connectors.store.StoredArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Units of work on Models written as Pullpiri YAML, as the dispatcher would hand them over. */
public final class ModelWork {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final AtomicLong REQUESTS = new AtomicLong();

  private ModelWork() {}

  /** A Model document: {@code kind: Model}, the name, and the spec written as YAML. */
  public static JsonNode model(String name, String specYaml) {
    String indented =
        specYaml.stripIndent().lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
    try {
      return YAML.readTree(
          "apiVersion: v1\nkind: Model\nmetadata:\n  name: "
              + name
              + "\n  labels:\n    app: "
              + name
              + "\nspec:\n"
              + indented);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Work on a Model of Package "rear-camera-package" on node "vehicle-hpc", from scenario
   * "reverse-gear".
   */
  public static Work work(String action, JsonNode model, long version) {
    StoredArtifact artifact =
        new StoredArtifact("Model", model.path("metadata").path("name").asText(), version, model);
    return new Work(
        "request-" + REQUESTS.incrementAndGet(),
        action,
        "reverse-gear",
        new ModelTarget("rear-camera-package", artifact, "vehicle-hpc"),
        Map.of());
  }

  /**
   * A Model whose container {@code app} waits until a file {@code exit} appears in {@code control}
   * (mounted at {@code /control}), removes it and exits with {@code code}: each run of it, restarts
   * included, ends only when the test says so.
   */
  public static JsonNode exitsWhenTold(
      String name, java.nio.file.Path control, int code, String restartPolicy) {
    return model(
        name,
        """
        containers:
          - name: app
            image: %s
            command: ["/bin/sh", "-c", "while [ ! -f /control/exit ]; do sleep 0.05; done; rm /control/exit; exit %d"]
            volumeMounts:
              - name: control
                mountPath: /control
        volumes:
          - name: control
            hostPath:
              path: %s
        restartPolicy: %s
        terminationGracePeriodSeconds: 0
        """
            .formatted(PodmanService.IMAGE, code, control, restartPolicy));
  }
}
