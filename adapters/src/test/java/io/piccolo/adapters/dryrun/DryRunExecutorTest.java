package io.piccolo.adapters.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.Decision;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The dry run: the Model state each action implies, idempotent, and failures on request. */
class DryRunExecutorTest {
  private static DecidedAction allowed(String action, String target, long time) {
    return new DecidedAction(
        time, "s", "s", action, target, Map.of(), Decision.ALLOWED, "default", null);
  }

  @Test
  void eachActionLeavesTheStateItImpliesAndSaysWhenItWasAlreadySo() {
    DryRunExecutor dry = new DryRunExecutor();
    assertEquals(
        new DryRunExecutor.Outcome("running", null, null), dry.outcome("launch", "p", "m"));
    assertEquals(
        new DryRunExecutor.Outcome("running", "already running", null),
        dry.outcome("launch", "p", "m"));
    assertEquals(
        new DryRunExecutor.Outcome("exited", null, null), dry.outcome("terminate", "p", "m"));
    assertEquals(
        new DryRunExecutor.Outcome("exited", "not running", null),
        dry.outcome("terminate", "p", "m"));
    assertEquals("running", dry.outcome("update", "p", "m").state());
    assertEquals("running", dry.outcome("rollback", "p", "m").state());
  }

  @Test
  void theLoopGivesOneResultPerAllowedDecisionAtItsTimeAndFailsWhatItWasToldTo() {
    List<String> finished = new CopyOnWriteArrayList<>();
    DryRunLoop loop =
        new DryRunLoop(
            new DryRunExecutor(
                List.of(new Failing("launch", "rear-camera", "no video device")), line -> {}),
            new io.piccolo.adapters.dispatch.DispatchListener() {
              @Override
              public void result(ActionResult result) {}

              @Override
              public void finished(
                  io.piccolo.adapters.dispatch.Dispatched request, boolean ok, String reason) {
                finished.add(request.decision().target() + " " + ok);
              }
            });
    DecidedAction denied =
        new DecidedAction(5, "s", "s", "launch", "x", Map.of(), Decision.DENIED, "p", "no");
    List<ActionResult> results =
        loop.carryOut(
            List.of(
                allowed("launch", "rear-camera", 5),
                allowed("launch", "video", 5),
                denied,
                allowed("notify", "driver", 5)));
    assertEquals(3, results.size());
    assertEquals(ActionResult.FAILED, results.get(0).getOutcome());
    assertEquals("no video device", results.get(0).getReason());
    assertEquals(ActionResult.SUCCEEDED, results.get(1).getOutcome());
    assertEquals(5, results.get(1).getTime());
    assertTrue(
        results.get(2).getReason().startsWith("no executor carries out 'notify'"),
        results.get(2).getReason());
    assertEquals(List.of("rear-camera false", "video true", "driver false"), finished);
  }
}
