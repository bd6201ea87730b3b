package io.piccolo.adapters.bluechi;

import static io.piccolo.adapters.bluechi.BlueChiFixture.HPC;
import static io.piccolo.adapters.bluechi.BlueChiFixture.ZONE;
import static io.piccolo.adapters.bluechi.BlueChiFixture.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.store.StoredArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch, terminate, update and rollback through a stand-in BlueChi on a private D-Bus. */
class BlueChiExecutorTest {
  @TempDir Path folder;
  private BlueChiFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new BlueChiFixture(folder);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void launchWritesTheQuadletFilesReloadsTheNodeAndStartsTheUnit() throws Exception {
    StoredArtifact camera = model("rear-camera", "localhost/piccolo/camera:2", 2);

    WorkResult result = fixture.succeeds("launch", camera, HPC);

    assertEquals("running", result.modelState());
    assertEquals("active", fixture.blueChi.activeState(HPC, "rear-camera.service"));
    assertEquals(
        List.of(
            "CreateMonitor",
            "GetNode hpc",
            "Reload hpc",
            "Subscribe hpc rear-camera.service",
            "StartUnit hpc rear-camera.service replace"),
        fixture.blueChi.calls(),
        "files in place and the unit watched before it starts");
    String kube = Files.readString(fixture.kube(HPC, "rear-camera"));
    assertTrue(kube.contains("\n[Kube]\nYaml=" + fixture.pod(HPC, "rear-camera") + "\n"), kube);
    assertTrue(kube.contains("\n[Service]\n"), kube);
    assertTrue(kube.contains("\nRestart=no\n"), kube);
    assertTrue(kube.contains("\nTimeoutStopSec=5\n"), kube);
    assertFalse(kube.contains("[Install]"), "started by PICCOLO, not at boot: " + kube);
    JsonNode pod = BlueChiFixture.yaml(fixture.pod(HPC, "rear-camera"));
    assertEquals("v1", pod.path("apiVersion").asText());
    assertEquals("Pod", pod.path("kind").asText());
    assertEquals("rear-camera", pod.path("metadata").path("name").asText());
    assertEquals("rear-camera", pod.path("metadata").path("labels").path("app").asText());
    assertEquals("camera", pod.path("metadata").path("labels").path("io.piccolo.package").asText());
    assertEquals(
        "rear-camera", pod.path("metadata").path("labels").path("io.piccolo.model").asText());
    assertEquals(camera.document().path("spec"), pod.path("spec"));
  }

  @Test
  void launchingARunningModelSucceedsAtOnceWithoutAJob() throws Exception {
    StoredArtifact camera = model("rear-camera", "localhost/piccolo/camera:2", 2);
    fixture.succeeds("launch", camera, HPC);

    WorkResult again = fixture.succeeds("launch", camera, HPC);

    assertEquals("already running", again.reason());
    assertEquals("running", again.modelState());
    assertEquals(
        1,
        fixture.blueChi.calls().stream().filter(c -> c.startsWith("StartUnit")).count(),
        fixture.blueChi.calls()::toString);
  }

  @Test
  void terminateStopsTheUnitAndRemovesItsFiles() throws Exception {
    StoredArtifact camera = model("rear-camera", "localhost/piccolo/camera:2", 2);
    fixture.succeeds("launch", camera, HPC);

    WorkResult result = fixture.succeeds("terminate", camera, HPC);

    assertEquals("exited", result.modelState());
    assertNull(result.reason());
    assertEquals("inactive", fixture.blueChi.activeState(HPC, "rear-camera.service"));
    assertFalse(Files.exists(fixture.kube(HPC, "rear-camera")));
    assertFalse(Files.exists(fixture.pod(HPC, "rear-camera")));
    List<String> calls = fixture.blueChi.calls();
    assertEquals(
        List.of("StopUnit hpc rear-camera.service replace", "Reload hpc"),
        calls.subList(calls.size() - 2, calls.size()),
        "stopped, then the files removed and the node reloaded: " + calls);
  }

  @Test
  void terminatingAModelThatIsNotRunningSucceedsAtOnce() throws Exception {
    WorkResult result = fixture.succeeds("terminate", model("wipers", "localhost/w:1", 1), ZONE);

    assertEquals("not running", result.reason());
    assertEquals("exited", result.modelState());
    assertEquals(List.of("CreateMonitor", "GetNode zone"), fixture.blueChi.calls());
  }

  @Test
  void updateRewritesTheFilesAndRestartsTheUnit() throws Exception {
    fixture.succeeds("launch", model("rear-camera", "localhost/piccolo/camera:2", 2), HPC);

    WorkResult result =
        fixture.succeeds("update", model("rear-camera", "localhost/piccolo/camera:3", 3), HPC);

    assertEquals("running", result.modelState());
    assertEquals(
        "localhost/piccolo/camera:3",
        BlueChiFixture.yaml(fixture.pod(HPC, "rear-camera"))
            .at("/spec/containers/0/image")
            .asText());
    List<String> calls = fixture.blueChi.calls();
    assertEquals(
        List.of("Reload hpc", "RestartUnit hpc rear-camera.service replace"),
        calls.subList(calls.size() - 2, calls.size()),
        calls::toString);
    assertEquals("active", fixture.blueChi.activeState(HPC, "rear-camera.service"));
  }

  @Test
  void rollbackRewritesTheFilesWithTheVersionGivenAndRestartsTheUnit() throws Exception {
    fixture.succeeds("launch", model("rear-camera", "localhost/piccolo/camera:3", 3), HPC);

    fixture.succeeds("rollback", model("rear-camera", "localhost/piccolo/camera:2", 2), HPC);

    assertEquals(
        "localhost/piccolo/camera:2",
        BlueChiFixture.yaml(fixture.pod(HPC, "rear-camera"))
            .at("/spec/containers/0/image")
            .asText());
    assertTrue(
        fixture.blueChi.calls().contains("RestartUnit hpc rear-camera.service replace"),
        fixture.blueChi.calls()::toString);
  }

  @Test
  void anUnchangedUpdateRestartsWithoutReloadingTheNode() throws Exception {
    StoredArtifact camera = model("rear-camera", "localhost/piccolo/camera:2", 2);
    fixture.succeeds("launch", camera, HPC);

    fixture.succeeds("update", camera, HPC);

    assertEquals(
        1,
        fixture.blueChi.calls().stream().filter(c -> c.startsWith("Reload")).count(),
        fixture.blueChi.calls()::toString);
  }

  @Test
  void modelsOnTwoNodesRunOnTheirOwnNodes() throws Exception {
    fixture.succeeds("launch", model("rear-camera", "localhost/c:1", 1), HPC);
    fixture.succeeds("launch", model("wipers", "localhost/w:1", 1), ZONE);

    assertEquals("active", fixture.blueChi.activeState(HPC, "rear-camera.service"));
    assertEquals("active", fixture.blueChi.activeState(ZONE, "wipers.service"));
    assertEquals("inactive", fixture.blueChi.activeState(HPC, "wipers.service"));
    assertTrue(Files.exists(fixture.kube(ZONE, "wipers")));
    assertFalse(Files.exists(fixture.kube(HPC, "wipers")));
  }
}
