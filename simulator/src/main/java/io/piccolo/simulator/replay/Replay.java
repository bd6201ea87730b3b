package io.piccolo.simulator.replay;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.Evaluator;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a trace through a rule base on the pseudo clock, as fast as the CPU allows: each
 * instant's samples are applied together, then evaluated in one round; timers due before or at an
 * instant run first, each at its own due time.
 */
public final class Replay {
  /** Told how far a long replay has got. */
  public interface Progress {
    void at(int samplesDone, int samplesTotal);

    Progress NONE = (done, total) -> {};
  }

  private Replay() {}

  /**
   * @param untilMillis end of the run on the trace clock, or null for the last sample's time;
   *     samples after it are ignored, timers due exactly at it still fire
   */
  public static ReplayResult run(
      RuleBase ruleBase,
      Trace trace,
      Long untilMillis,
      EvaluatorOptions options,
      Progress progress) {
    long end = untilMillis != null ? untilMillis : trace.lastTime();
    List<DecidedAction> decided = new ArrayList<>();
    long start = System.nanoTime();
    int applied = 0;
    try (Evaluator evaluator = new Evaluator(ruleBase, options)) {
      int n = trace.size();
      int i = 0;
      int step = Math.max(1, n / 100);
      while (i < n && trace.time(i) <= end) {
        long instant = trace.time(i);
        decided.addAll(evaluator.runTimersThrough(instant));
        evaluator.advanceTo(instant);
        for (; i < n && trace.time(i) == instant; i++) {
          evaluator.apply(trace.path(i), trace.value(i));
          applied++;
          if (applied % step == 0) {
            progress.at(applied, n);
          }
        }
        decided.addAll(evaluator.evaluate());
      }
      decided.addAll(evaluator.runTimersThrough(end));
      evaluator.advanceTo(end);
      decided.sort(DecidedAction.ORDER);
      return new ReplayResult(
          decided,
          applied,
          evaluator.stats().rulesFired(),
          evaluator.stats().firedByRule(),
          evaluator.index().counters(),
          end,
          System.nanoTime() - start);
    }
  }
}
