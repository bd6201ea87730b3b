package io.piccolo.adapters.dryrun;

import io.piccolo.adapters.dispatch.DispatchListener;
import io.piccolo.adapters.dispatch.Dispatched;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.ActionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The dry run for replays ({@code simulate}, {@code demo}, specs), where nothing is stored and time
 * is the trace's: every allowed decision is carried out at once, on the replay's thread, and its
 * result carries the decision's time, for the replay to apply in the next round at that same time.
 * A replay has no Packages to resolve, so there is one result per decision, without model or node.
 */
public final class DryRunLoop {
  private final DryRunExecutor executor;
  private final DispatchListener listener;
  private long sequence;

  /**
   * @param listener told each result and each finished request, as the dispatcher tells them
   */
  public DryRunLoop(DryRunExecutor executor, DispatchListener listener) {
    this.executor = executor;
    this.listener = listener;
  }

  public DryRunLoop(DryRunExecutor executor) {
    this(executor, result -> {});
  }

  /** Carries out a round's allowed decisions; their results, for the next round. */
  public List<ActionResult> carryOut(List<DecidedAction> round) {
    List<ActionResult> results = null;
    for (DecidedAction d : round) {
      if (!d.allowed()) {
        continue;
      }
      Dispatched request = new Dispatched(d, "dry-run-" + ++sequence);
      ActionResult r = result(request);
      if (results == null) {
        results = new ArrayList<>();
      }
      results.add(r);
      listener.result(r);
      listener.finished(request, !r.isFailed(), r.getReason());
    }
    return results == null ? List.of() : results;
  }

  private ActionResult result(Dispatched request) {
    DecidedAction d = request.decision();
    String outcome;
    String reason;
    if (!executor.actions().contains(d.action())) {
      outcome = ActionResult.FAILED;
      reason =
          "no executor carries out '"
              + d.action()
              + "' (executors: "
              + executor.name()
              + ": "
              + String.join(", ", new TreeSet<>(executor.actions()))
              + ")";
    } else {
      DryRunExecutor.Outcome o = executor.outcome(d.action(), d.target(), d.target());
      outcome = o.failure() != null ? ActionResult.FAILED : ActionResult.SUCCEEDED;
      reason = o.failure() != null ? o.failure() : o.note();
    }
    return new ActionResult(
        request.requestId(),
        d.scenario(),
        d.action(),
        d.target(),
        null,
        null,
        outcome,
        reason,
        0,
        d.timeMillis());
  }
}
