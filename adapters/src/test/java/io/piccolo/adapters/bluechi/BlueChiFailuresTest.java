package io.piccolo.adapters.bluechi;

import static io.piccolo.adapters.bluechi.BlueChiFixture.HPC;
import static io.piccolo.adapters.bluechi.BlueChiFixture.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.connectors.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the executor answers when BlueChi, the bus or the work itself goes wrong. */
class BlueChiFailuresTest {
  private static final StoredArtifact CAMERA = model("rear-camera", "localhost/c:1", 1);

  @TempDir Path folder;
  private BlueChiFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aJobThatEndsOtherThanDoneFailsTheWorkWithBlueChisResult() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.failNextJob(HPC, "rear-camera.service", "failed");

    WorkResult result = fixture.execute("launch", CAMERA, HPC);

    assertEquals(WorkResult.Outcome.FAILED, result.outcome());
    assertEquals(
        "BlueChi's job to start rear-camera.service on node hpc ended 'failed'", result.reason());
    assertEquals("failed", fixture.blueChi.activeState(HPC, "rear-camera.service"));
  }

  @Test
  void aLaunchAfterAFailedJobStartsTheUnitAgain() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.failNextJob(HPC, "rear-camera.service", "timeout");
    assertEquals(WorkResult.Outcome.FAILED, fixture.execute("launch", CAMERA, HPC).outcome());

    WorkResult again = fixture.succeeds("launch", CAMERA, HPC);

    assertEquals("running", again.modelState());
    assertEquals("active", fixture.blueChi.activeState(HPC, "rear-camera.service"));
  }

  @Test
  void anUnknownNodeFailsNamingTheNodeAndTheNodesBlueChiKnows() throws Exception {
    fixture = new BlueChiFixture(folder);

    WorkResult result = fixture.execute("launch", CAMERA, "rear-ecu");

    assertEquals(WorkResult.Outcome.FAILED, result.outcome());
    assertEquals(
        "node 'rear-ecu' is not known to BlueChi at "
            + fixture.bus.address()
            + "; it knows hpc, zone: name one of them in the Package, or add the node to BlueChi",
        result.reason());
    assertFalse(
        Files.exists(fixture.folder.resolve("default").resolve("rear-camera.kube")),
        "nothing written for a node that is not there");
  }

  @Test
  void aModelWithoutANodeFailsSayingWhereToNameOne() throws Exception {
    fixture = new BlueChiFixture(folder);

    WorkResult result = fixture.execute("launch", CAMERA, null);

    assertEquals(WorkResult.Outcome.FAILED, result.outcome());
    assertEquals(
        "Model rear-camera names no node: BlueChi runs a unit on a node, so its Package must"
            + " place it on one (models[].node)",
        result.reason());
  }

  @Test
  void aUnitQuadletDidNotMakeFailsWithSystemdsError() throws Exception {
    // the executor writes where the node's Quadlet generator does not read
    fixture = new BlueChiFixture(folder, Map.of(HPC, folder.resolve("elsewhere")));

    WorkResult result = fixture.execute("launch", CAMERA, HPC);

    assertEquals(WorkResult.Outcome.FAILED, result.outcome());
    assertEquals(
        "start rear-camera.service on node hpc: Unit rear-camera.service not found.",
        result.reason());
  }

  @Test
  void anUnwritableQuadletFolderFailsNamingTheFolder() throws Exception {
    Path notAFolder = folder.resolve("file");
    Files.writeString(notAFolder, "");
    fixture = new BlueChiFixture(folder, Map.of(HPC, notAFolder));

    WorkResult result = fixture.execute("launch", CAMERA, HPC);

    assertEquals(WorkResult.Outcome.FAILED, result.outcome());
    assertTrue(
        result
            .reason()
            .startsWith("cannot write the Quadlet files of rear-camera into " + notAFolder),
        result.reason());
  }

  @Test
  void blueChiAbsentFromTheBusIsATransientFailure() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.leave();

    // work already under way when the controller left fails as "left the D-Bus"; after that:
    String expected =
        "BlueChi's controller (org.eclipse.bluechi) is not on the D-Bus at "
            + fixture.bus.address();
    Waits.until(
        "launches fail saying BlueChi is not on the bus",
        Duration.ofSeconds(5),
        () -> fixture.failsTransiently("launch", CAMERA, HPC).getMessage().contains(expected));
  }

  @Test
  void theBusGoingAwayIsATransientFailureAndTheExecutorRecoversWhenItIsBack() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.succeeds("launch", CAMERA, HPC);

    fixture.bus.stop();
    TransientFailure failure =
        fixture.failsTransiently("launch", model("wipers", "localhost/w:1", 1), HPC);
    // "cannot reach the D-Bus at ADDRESS", or "... at ADDRESS was lost" if the call went first
    assertTrue(failure.getMessage().contains(fixture.bus.address()), failure.getMessage());

    fixture.bus.restart();
    fixture.blueChi.join(fixture.bus.address());
    Waits.until(
        "the launch goes through once the bus is back",
        Duration.ofSeconds(10),
        () -> {
          try {
            return fixture.execute("launch", model("wipers", "localhost/w:1", 1), HPC).succeeded();
          } catch (AssertionError stillAway) {
            return false;
          }
        });
    assertEquals("active", fixture.blueChi.activeState(HPC, "wipers.service"));
    assertEquals("already running", fixture.succeeds("launch", CAMERA, HPC).reason());
  }

  @Test
  void aConnectionLostWhileAJobRunsFailsItTransiently() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.holdJobs();
    var pending = fixture.executor.execute(BlueChiFixture.work("launch", CAMERA, HPC));
    Waits.until(
        "the start is queued",
        Duration.ofSeconds(5),
        () -> fixture.blueChi.calls().contains("StartUnit hpc rear-camera.service replace"));

    fixture.bus.stop();

    Throwable cause =
        assertThrows(
                ExecutionException.class,
                () -> pending.toCompletableFuture().get(10, TimeUnit.SECONDS))
            .getCause();
    assertTrue(cause instanceof TransientFailure, cause::toString);
    assertTrue(cause.getMessage().contains("was lost"), cause.getMessage());
  }

  @Test
  void aControllerLeavingTheBusWhileAJobRunsFailsItTransiently() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.holdJobs();
    var pending = fixture.executor.execute(BlueChiFixture.work("launch", CAMERA, HPC));
    Waits.until(
        "the start is queued",
        Duration.ofSeconds(5),
        () -> fixture.blueChi.calls().contains("StartUnit hpc rear-camera.service replace"));

    fixture.blueChi.leave();

    Throwable cause =
        assertThrows(
                ExecutionException.class,
                () -> pending.toCompletableFuture().get(10, TimeUnit.SECONDS))
            .getCause();
    assertTrue(cause instanceof TransientFailure, cause::toString);
    // told by the controller's name changing owner, or by the bus answering for it
    assertTrue(
        cause.getMessage().contains("left the D-Bus")
            || cause.getMessage().contains("disconnected from message bus without replying"),
        cause.getMessage());
  }

  @Test
  void anExecutorStartedBeforeBlueChiConnectsOnceItIsThere() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.leave();
    BlueChiExecutor early =
        new BlueChiExecutor(
            BlueChiSettings.defaults()
                .withBusAddress(fixture.bus.address())
                .withQuadletFolder(fixture.quadlets(HPC)));
    try {
      early.start().toCompletableFuture().get(10, TimeUnit.SECONDS);

      fixture.blueChi.join(fixture.bus.address());

      Waits.until(
          "the early executor made its monitor",
          Duration.ofSeconds(10),
          () -> fixture.blueChi.monitors() >= 1);
    } finally {
      early.stop().toCompletableFuture().join();
    }
  }

  @Test
  void aJobThatDoesNotEndInTimeIsATransientFailure() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.holdJobs();
    BlueChiExecutor impatient =
        new BlueChiExecutor(
            BlueChiSettings.defaults()
                .withBusAddress(fixture.bus.address())
                .withNodeQuadletFolders(Map.of(HPC, fixture.quadlets(HPC)))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
    try {
      impatient.start().toCompletableFuture().get(10, TimeUnit.SECONDS);

      Throwable cause =
          assertThrows(
                  ExecutionException.class,
                  () ->
                      impatient
                          .execute(BlueChiFixture.work("launch", CAMERA, HPC))
                          .toCompletableFuture()
                          .get(10, TimeUnit.SECONDS))
              .getCause();

      assertTrue(cause instanceof TransientFailure, cause::toString);
      assertEquals(
          "BlueChi's job to start rear-camera.service on node hpc did not end within 300 ms",
          cause.getMessage());
    } finally {
      impatient.stop().toCompletableFuture().join();
    }
  }

  @Test
  void stoppingLetsTheWorkUnderWayEndAndTakesNoNewWork() throws Exception {
    fixture = new BlueChiFixture(folder);
    fixture.blueChi.holdJobs();
    var pending = fixture.executor.execute(BlueChiFixture.work("launch", CAMERA, HPC));
    Waits.until(
        "the start is queued",
        Duration.ofSeconds(5),
        () -> fixture.blueChi.calls().contains("StartUnit hpc rear-camera.service replace"));

    var stopped = fixture.executor.stop().toCompletableFuture();
    Throwable refused =
        assertThrows(
                ExecutionException.class,
                () ->
                    fixture
                        .executor
                        .execute(BlueChiFixture.work("launch", model("wipers", "w:1", 1), HPC))
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS))
            .getCause();
    assertTrue(refused.getMessage().contains("takes no new work"), refused.getMessage());
    assertFalse(stopped.isDone(), "the launch under way is not over yet");

    fixture.blueChi.releaseJobs();

    assertTrue(pending.toCompletableFuture().get(10, TimeUnit.SECONDS).succeeded());
    stopped.get(10, TimeUnit.SECONDS);
  }
}
