package io.piccolo.adapters.bluechi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.connectors.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quadlet files of Pullpiri's own example Model, as the BlueChi executor writes them. */
class QuadletFilesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path folder;

  @Test
  void pullpirisHelloworldModelBecomesAKubeUnitAndItsPod() throws Exception {
    JsonNode model = helloworldModel();
    ModelTarget target =
        new ModelTarget(
            "helloworld", new StoredArtifact("Model", "helloworld", 1, model), "aws-ec2");
    QuadletFiles files =
        new QuadletFiles(BlueChiSettings.defaults().withQuadletFolder(folder.resolve("systemd")));

    assertTrue(files.write(target), "new files");

    Path pod = folder.resolve("systemd/helloworld.yaml");
    String kube = Files.readString(folder.resolve("systemd/helloworld.kube"));
    assertTrue(kube.contains("[Unit]\nDescription=PICCOLO Model helloworld"), kube);
    assertTrue(kube.contains("[Kube]\nYaml=" + pod + "\n"), kube);
    assertTrue(kube.contains("[Service]\n"), kube);
    assertTrue(kube.contains("Restart=no\n"), kube);
    assertFalse(kube.contains("TimeoutStopSec"), "a grace period of 0 keeps systemd's: " + kube);
    JsonNode written = YAML.readTree(Files.readString(pod));
    assertEquals("Pod", written.path("kind").asText());
    assertEquals("helloworld", written.at("/metadata/name").asText());
    assertEquals(
        Map.of(
            "app",
            "helloworld",
            "io.piccolo.package",
            "helloworld",
            "io.piccolo.model",
            "helloworld"),
        YAML.convertValue(written.at("/metadata/labels"), Map.class));
    assertEquals(model.at("/metadata/annotations"), written.at("/metadata/annotations"));
    assertEquals(model.path("spec"), written.path("spec"));
    assertEquals("quay.io/podman/hello:latest", written.at("/spec/containers/0/image").asText());
  }

  @Test
  void writingTheSameModelAgainChangesNothingAndRemovingRemovesBoth() throws Exception {
    ModelTarget target =
        new ModelTarget(
            null, new StoredArtifact("Model", "helloworld", 1, helloworldModel()), "aws-ec2");
    QuadletFiles files = new QuadletFiles(BlueChiSettings.defaults().withQuadletFolder(folder));
    files.write(target);

    assertFalse(files.write(target), "unchanged: no daemon-reload needed");
    assertTrue(files.remove("aws-ec2", "helloworld"));
    assertFalse(Files.exists(folder.resolve("helloworld.kube")));
    assertFalse(Files.exists(folder.resolve("helloworld.yaml")));
    assertFalse(files.remove("aws-ec2", "helloworld"), "nothing left to remove");
    try (var left = Files.list(folder)) {
      assertEquals(0, left.count(), "no temporary files left behind");
    }
  }

  private static JsonNode helloworldModel() throws Exception {
    Path examples = SharedData.require("pullpiri-examples/helloworld.yaml");
    try (var documents = YAML.readerFor(JsonNode.class).readValues(examples.toFile())) {
      while (documents.hasNext()) {
        JsonNode document = (JsonNode) documents.next();
        if ("Model".equals(document.path("kind").asText())) {
          return document;
        }
      }
    }
    throw new AssertionError(examples + " has no Model");
  }
}
