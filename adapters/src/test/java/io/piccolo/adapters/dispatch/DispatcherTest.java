package io.piccolo.adapters.dispatch;

import static io.piccolo.adapters.dispatch.Harness.allowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.adapters.dispatch.ScriptedExecutor.Step;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.PackageStateDeriver;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.state.ResourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dispatcher between decisions and executors, over a real store and an executor that answers
 * later.
 */
@Timeout(60)
class DispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static long count(List<ActionResult> results, String outcome) {
    return results.stream().filter(r -> r.getOutcome().equals(outcome)).count();
  }

  @ParameterizedTest
  @EnumSource(Harness.Store.class)
  void aLaunchRunsEveryModelOfThePackageOnItsNodeAndRecordsTheirStates(Harness.Store kind)
      throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(kind, dir, Routes.of(runtime), Harness.fast());
        PackageStateDeriver packages = PackageStateDeriver.start(h.store)) {
      h.workload("camera", "HPC", "front", "rear");
      Dispatched request = h.dispatch(allowed("launch", "camera")).get(0);
      Waits.until("both Models' results", WAIT, () -> h.results.size() == 2);
      assertEquals(2, count(h.results, ActionResult.SUCCEEDED));
      for (ActionResult r : h.results) {
        assertEquals(request.requestId(), r.getRequestId());
        assertEquals("camera", r.getTarget());
        assertEquals("HPC", r.getNode());
        assertEquals("s-camera", r.getScenario());
      }
      assertEquals(
          List.of("front", "rear"),
          h.results.stream().map(ActionResult::getModel).sorted().toList());
      Waits.until(
          "the Model states in the store",
          WAIT,
          () ->
              h.store.state(ResourceKind.MODEL, "front").equals(Optional.of("running"))
                  && h.store.state(ResourceKind.MODEL, "rear").equals(Optional.of("running")));
      Waits.until(
          "the Package state derived from them",
          WAIT,
          () -> h.store.state(ResourceKind.PACKAGE, "camera").equals(Optional.of("running")));
      h.dispatch(allowed("terminate", "camera"));
      Waits.until(
          "the terminated Models exited",
          WAIT,
          () -> h.store.state(ResourceKind.MODEL, "rear").equals(Optional.of("exited")));
      Waits.until(
          "the Package exited",
          WAIT,
          () -> h.store.state(ResourceKind.PACKAGE, "camera").equals(Optional.of("exited")));
      assertEquals(List.of("launch camera: succeeded", "terminate camera: succeeded"), h.finished);
    }
  }

  @Test
  void aStateTheExecutorSeesHappenByItselfReachesTheStore() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast());
        PackageStateDeriver packages = PackageStateDeriver.start(h.store)) {
      h.workload("camera", "HPC", "rear");
      h.dispatch(allowed("launch", "camera"));
      Waits.until(
          "running",
          WAIT,
          () -> h.store.state(ResourceKind.MODEL, "rear").equals(Optional.of("running")));
      runtime.exitsByItself("rear", "HPC");
      Waits.until(
          "the exit recorded without any action",
          WAIT,
          () -> h.store.state(ResourceKind.MODEL, "rear").equals(Optional.of("exited")));
      Waits.until(
          "and the Package's state follows",
          WAIT,
          () -> h.store.state(ResourceKind.PACKAGE, "camera").equals(Optional.of("exited")));
      assertEquals(1, h.results.size(), "an observed state is no action's result");
    }
  }

  @Test
  void aPackagesWorkRunsInDecisionOrder() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted").gate("rear");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      h.dispatch(allowed("launch", "camera"), allowed("terminate", "camera"));
      Waits.until("the launch reached the runtime", WAIT, () -> runtime.calls.size() == 1);
      Waits.holdsFor(
          "the terminate waits for the launch",
          Duration.ofMillis(300),
          () -> runtime.calls.size() == 1);
      runtime.open("rear");
      Waits.until("both ended", WAIT, () -> h.results.size() == 2);
      assertEquals(List.of("launch rear", "terminate rear"), runtime.ended);
      assertEquals(
          List.of("launch", "terminate"), h.results.stream().map(ActionResult::getAction).toList());
    }
  }

  @Test
  void differentPackagesRunInParallel() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted").gate("rear");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      h.workload("video", "HPC", "player");
      h.dispatch(allowed("launch", "camera"), allowed("launch", "video"));
      Waits.until(
          "the video Package ran while the camera's launch is held",
          WAIT,
          () -> h.results.size() == 1 && h.results.get(0).getModel().equals("player"));
      runtime.open("rear");
      Waits.until("the camera's launch ended too", WAIT, () -> h.results.size() == 2);
    }
  }

  @Test
  void transientFailuresAreTriedAgainWithBackoff() throws Exception {
    ScriptedExecutor runtime =
        new ScriptedExecutor("scripted").then(Step.TRANSIENT, Step.TRANSIENT, Step.SUCCEED);
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      h.dispatch(allowed("launch", "camera"));
      Waits.until("the result", WAIT, () -> h.results.size() == 1);
      assertEquals(ActionResult.SUCCEEDED, h.results.get(0).getOutcome());
      assertEquals(3, runtime.calls.size());
      long firstGap = runtime.calls.get(1).startNanos() - runtime.calls.get(0).startNanos();
      long secondGap = runtime.calls.get(2).startNanos() - runtime.calls.get(1).startNanos();
      assertTrue(firstGap >= Duration.ofMillis(10).toNanos(), "first backoff " + firstGap);
      assertTrue(secondGap >= Duration.ofMillis(20).toNanos(), "doubled backoff " + secondGap);
      assertEquals(
          2.0, h.meters.get(DispatchMeters.RETRIES).tag("executor", "scripted").counter().count());
    }
  }

  @Test
  void otherFailuresAreNotTriedAgain() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted").then(Step.FAIL);
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      h.dispatch(allowed("launch", "camera"));
      Waits.until("the result", WAIT, () -> h.results.size() == 1);
      assertEquals(ActionResult.FAILED, h.results.get(0).getOutcome());
      assertEquals("image not found", h.results.get(0).getReason());
      Waits.holdsFor("no retry", Duration.ofMillis(200), () -> runtime.calls.size() == 1);
      assertEquals(List.of("launch camera: failed: image not found"), h.finished);
    }
  }

  @Test
  void aCallThatNeverAnswersTimesOutAndCountsAsTransient() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted").then(Step.HANG, Step.HANG);
    DispatchOptions options =
        new DispatchOptions(
            Duration.ofMillis(100),
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(10),
            5,
            Duration.ofSeconds(10));
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), options)) {
      h.workload("camera", "HPC", "rear");
      h.dispatch(allowed("launch", "camera"));
      Waits.until("the result", WAIT, () -> h.results.size() == 1);
      ActionResult r = h.results.get(0);
      assertEquals(ActionResult.FAILED, r.getOutcome());
      assertEquals("scripted did not answer within 100 ms (after 2 attempt(s))", r.getReason());
      assertEquals(2, runtime.calls.size());
      assertTrue(r.getDurationMillis() >= 200, "two timeouts: " + r.getDurationMillis());
    }
  }

  @Test
  void aNodesCircuitOpensFailsAtOnceThenProbesAndCloses() throws Exception {
    ScriptedExecutor runtime =
        new ScriptedExecutor("scripted").then(Step.TRANSIENT, Step.TRANSIENT, Step.SUCCEED);
    DispatchOptions options =
        new DispatchOptions(
            Duration.ofSeconds(5),
            0,
            Duration.ofMillis(10),
            Duration.ofMillis(10),
            2,
            Duration.ofMillis(300));
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), options)) {
      h.workload("camera", "HPC", "rear");
      assertEquals(
          0.0, h.meters.get(DispatchMeters.BREAKER).tag("node", "").gauge().value(), "closed");
      h.dispatch(allowed("launch", "camera"));
      h.dispatch(allowed("launch", "camera"));
      Waits.until("two transient failures", WAIT, () -> h.results.size() == 2);
      assertEquals("open", h.dispatcher.breakerState("HPC"));
      assertEquals(2.0, h.meters.get(DispatchMeters.BREAKER).tag("node", "HPC").gauge().value());
      h.dispatch(allowed("launch", "camera"));
      Waits.until("the third fails at once", WAIT, () -> h.results.size() == 3);
      assertEquals(2, runtime.calls.size(), "an open circuit does not call the runtime");
      String reason = h.results.get(2).getReason();
      assertTrue(
          reason.startsWith(
              "the runtime of node HPC is unavailable: its circuit opened after 2 failure(s) in a"
                  + " row (last: runtime socket refused)"),
          reason);
      java.util.concurrent.atomic.AtomicInteger dispatched =
          new java.util.concurrent.atomic.AtomicInteger(3);
      Waits.until(
          "a probe goes through once the open time has passed",
          WAIT,
          () -> {
            if (runtime.calls.size() > 2) {
              return true;
            }
            if (h.finished.size() == dispatched.get()) { // one at a time, until one is the probe
              dispatched.incrementAndGet();
              h.dispatch(allowed("launch", "camera"));
            }
            return false;
          });
      Waits.until(
          "the probe's result", WAIT, () -> h.finished.contains("launch camera: succeeded"));
      assertEquals(3, runtime.calls.size(), "one probe, then nothing more was dispatched");
      assertEquals("closed", h.dispatcher.breakerState("HPC"));
    }
  }

  @ParameterizedTest
  @EnumSource(Harness.Store.class)
  void aRollbackRunsEachModelAtItsPreviousVersionAndStoresItAsCurrent(Harness.Store kind)
      throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(kind, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear"); // Package 1, Model 1 (image :1)
      h.model("rear", "localhost/rear:2"); // Model 2
      h.apply(
          "Package",
          "camera",
          "{\"pattern\":[{\"type\":\"plain\"}],\"models\":[{\"name\":\"rear\",\"node\":\"ZONE\"}]}");
      h.dispatch(allowed("update", "camera"));
      Waits.until("the update", WAIT, () -> h.results.size() == 1);
      assertEquals(2, runtime.calls.get(0).version(), "update runs the current Model");
      assertEquals("ZONE", runtime.calls.get(0).node());
      h.dispatch(allowed("rollback", "camera"));
      Waits.until("the rollback", WAIT, () -> h.results.size() == 2);
      ScriptedExecutor.Call rolledBack = runtime.calls.get(1);
      assertEquals(3, rolledBack.version(), "the earlier Model, stored as a new version");
      assertEquals("HPC", rolledBack.node(), "placed as the earlier Package placed it");
      var model = h.store.get(new ArtifactRef("Model", "rear")).orElseThrow();
      assertEquals(3, model.version());
      assertEquals("localhost/rear:1", model.document().at("/spec/containers/0/image").asText());
      var pkg = h.store.get(new ArtifactRef("Package", "camera")).orElseThrow();
      assertEquals(3, pkg.version());
      assertEquals("HPC", pkg.document().at("/spec/models/0/node").asText());
    }
  }

  @Test
  void aRollbackWithoutAnEarlierPackageFailsAndChangesNothing() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      h.dispatch(allowed("rollback", "camera"));
      Waits.until("the result", WAIT, () -> h.results.size() == 1);
      assertEquals(
          "Package/camera has no earlier version to roll back to", h.results.get(0).getReason());
      assertEquals(0, runtime.calls.size());
      assertEquals(1, h.store.get(new ArtifactRef("Package", "camera")).orElseThrow().version());
    }
  }

  @Test
  void dispatchingADecisionAgainLeavesOneRunningInstance() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      Dispatched first = h.dispatch(allowed("launch", "camera")).get(0);
      h.dispatcher.submit(first);
      Waits.until("both results", WAIT, () -> h.results.size() == 2);
      assertEquals(2, count(h.results, ActionResult.SUCCEEDED));
      assertEquals(1, runtime.instancesCreated.get());
      assertEquals("already running", h.results.get(1).getReason());
      assertEquals(first.requestId(), h.results.get(1).getRequestId());
    }
  }

  @Test
  void workNoExecutorOrStoreCanCarryOutFailsWithTheReason() throws Exception {
    ScriptedExecutor hpc = new ScriptedExecutor("scripted");
    Routes routes = Routes.of(List.of(), Map.of("HPC", List.of(hpc)));
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, routes, Harness.fast())) {
      h.workload("camera", "ZONE", "rear");
      h.dispatch(
          allowed("launch", "missing"), allowed("notify", "camera"), allowed("launch", "camera"));
      Waits.until("three results", WAIT, () -> h.results.size() == 3);
      assertEquals(
          List.of(
              "Package/missing is not in the store: apply it first",
              "no executor carries out 'notify' (executors: scripted: launch, rollback,"
                  + " terminate, update)",
              "no executor for node ZONE carries out 'launch'"),
          h.results.stream().map(ActionResult::getReason).toList());
      assertEquals(0, count(h.results, ActionResult.SUCCEEDED));
    }
  }

  @Test
  void deniedDecisionsAreNotDispatched() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      h.workload("camera", "HPC", "rear");
      DecidedAction denied =
          new DecidedAction(
              0, "s", "s", "launch", "camera", Map.of(), Decision.DENIED, "p", "moving");
      assertEquals(List.of(), h.dispatcher.dispatch(List.of(denied)));
      Waits.holdsFor("nothing ran", Duration.ofMillis(200), () -> runtime.calls.isEmpty());
    }
  }

  @Test
  void metersAreThereAtZeroBeforeTheFirstAction() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted");
    try (Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast())) {
      assertEquals(
          0,
          h.meters
              .get(DispatchMeters.DURATION)
              .tags("executor", "scripted", "action", "launch", "outcome", "failed")
              .timer()
              .count());
      assertEquals(
          0.0, h.meters.get(DispatchMeters.IN_FLIGHT).tag("executor", "scripted").gauge().value());
      assertEquals(
          0.0, h.meters.get(DispatchMeters.RETRIES).tag("executor", "scripted").counter().count());
      assertTrue(runtime.started, "the executor was started with the dispatcher");
    }
    assertTrue(runtime.stopped, "and stopped with it");
  }

  @Test
  void stoppingLetsTheWorkInFlightFinish() throws Exception {
    ScriptedExecutor runtime = new ScriptedExecutor("scripted").gate("rear");
    Harness h = new Harness(Harness.Store.MEMORY, dir, Routes.of(runtime), Harness.fast());
    h.workload("camera", "HPC", "rear");
    h.dispatch(allowed("launch", "camera"));
    Waits.until("the launch reached the runtime", WAIT, () -> runtime.calls.size() == 1);
    var stopping = h.dispatcher.stop().toCompletableFuture();
    Waits.holdsFor("the stop waits", Duration.ofMillis(200), () -> !stopping.isDone());
    h.dispatch(allowed("terminate", "camera"));
    runtime.open("rear");
    stopping.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(
        List.of("launch camera: succeeded", "terminate camera: failed: the dispatcher is stopping"),
        List.of(h.finished.get(1), h.finished.get(0)).stream().sorted().toList());
    h.close();
    assertEquals(Optional.of("running"), h.store.state(ResourceKind.MODEL, "rear"));
  }
}
