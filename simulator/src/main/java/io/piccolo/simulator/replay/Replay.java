package io.piccolo.simulator.replay;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.Evaluator;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a trace through a rule base on the pseudo clock, as fast as the CPU allows. The run
 * starts at 0 with a first evaluation (where scenarios without condition fire); each instant's
 * samples are then applied together and evaluated in one round; timers due before or at an instant
 * run first, each at its own due time.
 */
public final class Replay {
  /** Told how far a long replay has got. */
  public interface Progress {
    void at(int samplesDone, int samplesTotal);

    Progress NONE = (done, total) -> {};
  }

  /** Told each round's decisions as the replay makes them, in order. */
  public interface Rounds {
    void decided(List<DecidedAction> round) throws Exception;

    Rounds NONE = round -> {};
  }

  private Replay() {}

  /** A replay that only collects its decisions. */
  public static ReplayResult run(
      RuleBase ruleBase,
      Trace trace,
      Long untilMillis,
      EvaluatorOptions options,
      Progress progress) {
    try {
      return run(ruleBase, trace, untilMillis, options, progress, Rounds.NONE);
    } catch (RuntimeException e) {
      throw e; // a rule's failure, among others, keeps its own message
    } catch (Exception e) {
      throw new IllegalStateException("only a round listener can fail a replay", e);
    }
  }

  /**
   * @param untilMillis end of the run on the trace clock, or null for the last sample's time;
   *     samples after it are ignored, timers due exactly at it still fire
   * @param rounds told each round's decisions as they are made; what it throws ends the replay
   */
  public static ReplayResult run(
      RuleBase ruleBase,
      Trace trace,
      Long untilMillis,
      EvaluatorOptions options,
      Progress progress,
      Rounds rounds)
      throws Exception {
    long end = untilMillis != null ? untilMillis : trace.lastTime();
    List<DecidedAction> decided = new ArrayList<>();
    long start = System.nanoTime();
    int applied = 0;
    try (Evaluator evaluator = new Evaluator(ruleBase, options)) {
      int n = trace.size();
      int i = 0;
      int step = Math.max(1, n / 100);
      if (n == 0 || trace.time(0) > 0) {
        emit(evaluator.evaluate(), decided, rounds); // the start, before the first sample
      }
      while (i < n && trace.time(i) <= end) {
        long instant = trace.time(i);
        emit(evaluator.runTimersThrough(instant), decided, rounds);
        evaluator.advanceTo(instant);
        for (; i < n && trace.time(i) == instant; i++) {
          evaluator.apply(trace.path(i), trace.value(i));
          applied++;
          if (applied % step == 0) {
            progress.at(applied, n);
          }
        }
        emit(evaluator.evaluate(), decided, rounds);
      }
      emit(evaluator.runTimersThrough(end), decided, rounds);
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

  private static void emit(List<DecidedAction> round, List<DecidedAction> all, Rounds rounds)
      throws Exception {
    if (!round.isEmpty()) {
      all.addAll(round);
      rounds.decided(round);
    }
  }
}
