package io.piccolo.simulator.replay;

import io.piccolo.adapters.dryrun.DryRunExecutor;
import io.piccolo.adapters.dryrun.DryRunLoop;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.ActionResult;
import java.util.List;

/**
 * What a replay does with the decisions of a round: carries out the allowed ones and hands back
 * their results, which the replay applies in a round of its own at the same time, before the trace
 * moves on.
 */
@FunctionalInterface
public interface ActionLoop {
  List<ActionResult> carryOut(List<DecidedAction> round) throws Exception;

  /** The dry run: every action it takes succeeds at once. */
  static ActionLoop dryRun() {
    return new DryRunLoop(new DryRunExecutor())::carryOut;
  }
}
