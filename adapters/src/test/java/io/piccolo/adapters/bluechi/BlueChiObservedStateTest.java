package io.piccolo.adapters.bluechi;

import static io.piccolo.adapters.bluechi.BlueChiFixture.HPC;
import static io.piccolo.adapters.bluechi.BlueChiFixture.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.adapters.ObservedState;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.connectors.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units that change by themselves, heard through BlueChi's monitor, become Model states. */
class BlueChiObservedStateTest {
  private static final StoredArtifact CAMERA = model("rear-camera", "localhost/c:1", 1);
  private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

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
  void aUnitThatFailsByItselfMakesItsModelDeadWithinASecond() throws Exception {
    fixture.succeeds("launch", CAMERA, HPC);

    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "failed", "failed");

    Waits.until("the Model is seen dead", WITHIN_A_SECOND, () -> !fixture.observed.isEmpty());
    assertEquals(
        List.of(
            new ObservedState(
                "rear-camera", HPC, "dead", "unit rear-camera.service is failed (failed)")),
        fixture.observed);
  }

  @Test
  void aUnitThatFinishesByItselfMakesItsModelExited() throws Exception {
    fixture.succeeds("launch", CAMERA, HPC);

    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "inactive", "dead");

    Waits.until("the Model is seen exited", WITHIN_A_SECOND, () -> !fixture.observed.isEmpty());
    assertEquals("exited", fixture.observed.get(0).state());
  }

  @Test
  void theExecutorsOwnJobsAreToldByTheirResultsNotAsObservedStates() throws Exception {
    fixture.succeeds("launch", CAMERA, HPC);
    fixture.succeeds("update", CAMERA, HPC);
    fixture.succeeds("terminate", CAMERA, HPC);

    // a change the monitor reports after the jobs would come in right behind them
    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "failed", "failed");
    Waits.holdsFor(
        "nothing observed for a terminated Model",
        Duration.ofMillis(300),
        () -> fixture.observed.isEmpty());
  }

  @Test
  void aUnitStartedAgainByItselfMakesItsModelRunningAgain() throws Exception {
    fixture.succeeds("launch", CAMERA, HPC);
    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "failed", "failed");
    Waits.until("dead", WITHIN_A_SECOND, () -> fixture.observed.size() == 1);

    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "active", "running");

    Waits.until("running again", WITHIN_A_SECOND, () -> fixture.observed.size() == 2);
    assertEquals("running", fixture.observed.get(1).state());
  }

  @Test
  void aUnitThatStoppedWhileTheBusWasAwayIsToldOnceItIsBack() throws Exception {
    fixture.succeeds("launch", CAMERA, HPC);
    fixture.bus.stop();
    fixture.blueChi.stopUnheard(HPC, "rear-camera.service", "failed", "failed");

    fixture.bus.restart();
    fixture.blueChi.join(fixture.bus.address());

    Waits.until(
        "the Model is seen dead after the reconnection",
        Duration.ofSeconds(10),
        () -> !fixture.observed.isEmpty());
    assertEquals("dead", fixture.observed.get(0).state());
    // the re-read can come before the new monitor's subscription: wait for it, then the monitor
    // must hear what happens next within the second
    Waits.until(
        "the executor subscribed on the reconnected bus",
        Duration.ofSeconds(5),
        () -> fixture.blueChi.subscriptions() == 1);
    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "active", "running");
    Waits.until("running again", WITHIN_A_SECOND, () -> fixture.observed.size() == 2);
  }

  @Test
  void aRestartedControllerGetsANewMonitorAndItsChangesAreHeard() throws Exception {
    fixture.succeeds("launch", CAMERA, HPC);

    fixture.blueChi.leave();
    fixture.blueChi.join(fixture.bus.address());
    Waits.until(
        "the executor subscribed on the new controller's monitor",
        Duration.ofSeconds(5),
        () -> fixture.blueChi.subscriptions() == 1);
    fixture.blueChi.stopByItself(HPC, "rear-camera.service", "failed", "failed");

    Waits.until("the Model is seen dead", WITHIN_A_SECOND, () -> !fixture.observed.isEmpty());
    assertEquals("dead", fixture.observed.get(0).state());
  }
}
