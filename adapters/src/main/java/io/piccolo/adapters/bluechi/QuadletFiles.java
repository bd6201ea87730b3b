package io.piccolo.adapters.bluechi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.connectors.store.ArtifactYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Model's Quadlet files, as Pullpiri's node agent wrote them: {@code MODEL.kube}, which systemd's
 * Quadlet generator (Podman 4.4+) turns into {@code MODEL.service}, and {@code MODEL.yaml}, the
 * Kubernetes Pod that unit plays. Each is written to a temporary file and renamed, so the generator
 * never reads half a file.
 */
final class QuadletFiles {
  static final String PACKAGE_LABEL = "io.piccolo.package";
  static final String MODEL_LABEL = "io.piccolo.model";

  private final BlueChiSettings settings;

  QuadletFiles(BlueChiSettings settings) {
    this.settings = settings;
  }

  static String unitName(String model) {
    return model + ".service";
  }

  Path kubeFile(String node, String model) {
    return settings.quadletFolder(node).resolve(model + ".kube");
  }

  Path podFile(String node, String model) {
    return settings.quadletFolder(node).resolve(model + ".yaml");
  }

  /** Writes both files; true when either changed, so the node needs a daemon-reload. */
  boolean write(ModelTarget target) throws IOException {
    String model = target.modelName();
    Path folder = settings.quadletFolder(target.node());
    Files.createDirectories(folder);
    Path pod = podFile(target.node(), model);
    boolean changed = replace(pod, podYaml(target));
    return replace(kubeFile(target.node(), model), kube(target, pod)) || changed;
  }

  /** Removes both files; true when there was something to remove. */
  boolean remove(String node, String model) throws IOException {
    boolean kube = Files.deleteIfExists(kubeFile(node, model));
    return Files.deleteIfExists(podFile(node, model)) || kube;
  }

  static String kube(ModelTarget target, Path podFile) {
    StringBuilder text = new StringBuilder();
    text.append("# Written by PICCOLO for Model ").append(target.modelName());
    if (target.packageName() != null) {
      text.append(" of Package ").append(target.packageName());
    }
    text.append("; removed when it is terminated.\n")
        .append("[Unit]\n")
        .append("Description=PICCOLO Model ")
        .append(target.modelName())
        .append(" (Kubernetes YAML run by Quadlet)\n")
        .append("After=network.target\n\n")
        .append("[Kube]\n")
        .append("Yaml=")
        .append(podFile.toAbsolutePath())
        .append("\n\n")
        .append("[Service]\n")
        .append("# PICCOLO starts, stops and restarts the unit; systemd does not restart it.\n")
        .append("Restart=no\n");
    JsonNode grace = target.model().document().path("spec").path("terminationGracePeriodSeconds");
    // 0 would mean "no timeout" to systemd: leave its default for it
    if (grace.canConvertToLong() && grace.asLong() > 0) {
      text.append("TimeoutStopSec=").append(grace.asLong()).append('\n');
    }
    // no [Install] section: the unit starts when a scenario launches it, not at boot
    return text.toString();
  }

  /** The Pod Quadlet plays: the Model's own spec, under the Model's name and labels. */
  static String podYaml(ModelTarget target) {
    JsonNode model = target.model().document();
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode pod = json.objectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("name", target.modelName());
    ObjectNode labels = metadata.putObject("labels");
    model
        .path("metadata")
        .path("labels")
        .properties()
        .forEach(e -> labels.set(e.getKey(), e.getValue()));
    if (target.packageName() != null) {
      labels.put(PACKAGE_LABEL, target.packageName());
    }
    labels.put(MODEL_LABEL, target.modelName());
    JsonNode annotations = model.path("metadata").path("annotations");
    if (annotations.isObject() && !annotations.isEmpty()) {
      metadata.set("annotations", annotations);
    }
    pod.set("spec", model.path("spec").isObject() ? model.get("spec") : json.objectNode());
    return ArtifactYaml.yaml(pod);
  }

  private static boolean replace(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
      return false;
    }
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }
}
