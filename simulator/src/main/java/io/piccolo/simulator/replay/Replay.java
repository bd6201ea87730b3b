package io.piccolo.simulator.replay;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.Evaluator;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.RuleFailure;
import io.piccolo.engine.SampleBatch;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.trace.SampleStream;
import io.piccolo.simulator.trace.TraceFormatException;
import io.piccolo.simulator.trace.TraceSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a trace through a rule base on the pseudo clock, as fast as the CPU allows, holding one
 * instant of samples at a time. The run starts with a round at 0 (where scenarios without condition
 * fire); each instant's samples are then applied together and evaluated in one round; timers due
 * before or at an instant run first, each at its own due time. Allowed decisions go to an {@link
 * ActionLoop} (the dry run unless told otherwise), and their results are applied in the next round
 * at the same time, before the trace moves on. Decisions reach the observer as soon as their time
 * is complete, so memory does not grow with the trace.
 */
public final class Replay {
  private static final int PROGRESS_EVERY = 1 << 16;

  /** Rounds of results one instant may run before the replay calls its rules unending. */
  static final int MAX_RESULT_ROUNDS = 1_000;

  private static final SampleBatch NO_SAMPLES = new SampleBatch();

  private Replay() {}

  /** A replay whose decisions are wanted as a list: short runs (demo, specs, tests). */
  public record Collected(ReplayResult result, List<DecidedAction> decisions) {}

  /** Replays and collects every decision. */
  public static Collected collect(
      RuleBase ruleBase, TraceSource trace, Long untilMillis, EvaluatorOptions options)
      throws IOException, TraceFormatException {
    List<DecidedAction> all = new ArrayList<>();
    try {
      ReplayResult result =
          run(
              ruleBase,
              trace,
              untilMillis,
              options,
              new ReplayObserver() {
                @Override
                public void decided(List<DecidedAction> atOneTime) {
                  all.addAll(atOneTime);
                }
              });
      return new Collected(result, all);
    } catch (IOException | TraceFormatException | RuntimeException e) {
      throw e; // a rule's failure, among others, keeps its own message
    } catch (Exception e) {
      throw new IllegalStateException("a collecting observer cannot fail", e);
    }
  }

  /**
   * @param untilMillis end of the run on the trace clock, or null for the last sample's time;
   *     samples after it are not read, timers due exactly at it still fire
   * @param observer told samples, decisions and progress as the run goes; what it throws ends the
   *     replay, after the decisions made so far were told
   * @throws TraceFormatException at the first malformed line, after the decisions before it
   */
  public static ReplayResult run(
      RuleBase ruleBase,
      TraceSource trace,
      Long untilMillis,
      EvaluatorOptions options,
      ReplayObserver observer)
      throws Exception {
    return run(ruleBase, trace, untilMillis, options, observer, ActionLoop.dryRun());
  }

  /**
   * As above, with allowed decisions carried out by {@code actions}.
   *
   * @throws RuleFailure when results keep leading to new actions within one instant
   */
  public static ReplayResult run(
      RuleBase ruleBase,
      TraceSource trace,
      Long untilMillis,
      EvaluatorOptions options,
      ReplayObserver observer,
      ActionLoop actions)
      throws Exception {
    return run(ruleBase, trace, untilMillis, options, observer, actions, Extras.NONE);
  }

  /**
   * What a replay may do besides the trace: put facts into the session at their times, and note
   * what every scenario comparison was seen to be (for spec coverage, which costs a little per
   * sample, so only when asked).
   *
   * @param facts without {@code untilMillis}, the run goes on to the last of them
   */
  public record Extras(TimedFacts facts, boolean recordConditions) {
    public static final Extras NONE = new Extras(TimedFacts.NONE, false);
  }

  /** As above, with facts put in at their times and, if asked, condition outcomes recorded. */
  public static ReplayResult run(
      RuleBase ruleBase,
      TraceSource trace,
      Long untilMillis,
      EvaluatorOptions options,
      ReplayObserver observer,
      ActionLoop actions,
      Extras extras)
      throws Exception {
    long start = System.nanoTime();
    long applied = 0;
    long last = 0;
    DecisionCounts counts = new DecisionCounts();
    OutputOrder order = new OutputOrder(observer, counts);
    try (Evaluator evaluator = new Evaluator(ruleBase, options);
        SampleStream in = trace.open()) {
      if (extras.recordConditions()) {
        evaluator.index().recordOutcomes();
      }
      FiringListener firings = observer.firings();
      if (firings != null) {
        evaluator.listenFirings(firings);
      }
      TimedFacts facts = extras.facts();
      long end = untilMillis != null ? untilMillis : Long.MAX_VALUE;
      SampleBatch batch = new SampleBatch();
      try {
        boolean more = in.next();
        if (!more || in.time() > 0) {
          if (facts.nextDue() <= 0) {
            facts.applyDue(evaluator, 0);
          }
          List<DecidedAction> first = evaluator.evaluate(); // the start, before the first sample
          order.add(first);
          results(evaluator, 0, first, actions, order);
        }
        while (more && in.time() <= end) {
          long instant = in.time();
          factRoundsBefore(instant, evaluator, facts, actions, order);
          TraceFormatException malformed = null;
          do {
            observer.sample(instant, in.path(), in.value());
            batch.add(in.path(), in.value());
            if (++applied % PROGRESS_EVERY == 0) {
              observer.progress(applied, in.progress());
            }
            try {
              more = in.next();
            } catch (TraceFormatException e) {
              if (e.timeMillis() <= instant) {
                throw e; // it may belong to this instant, so the instant is not complete
              }
              malformed = e; // a later time: this instant is complete and still makes its round
              more = false;
            }
          } while (more && in.time() == instant);
          List<DecidedAction> decided = step(evaluator, instant, batch, facts);
          order.add(decided);
          batch.clear();
          results(evaluator, instant, decided, actions, order);
          last = instant;
          if (malformed != null && malformed.timeMillis() <= end) {
            throw malformed; // after --until, a line is not part of the run
          }
        }
        for (long due = facts.nextDue(); due <= end && due != Long.MAX_VALUE; ) {
          List<DecidedAction> given = step(evaluator, due, NO_SAMPLES, facts);
          order.add(given);
          results(evaluator, due, given, actions, order);
          last = Math.max(last, due);
          due = facts.nextDue();
        }
        if (untilMillis != null) {
          last = untilMillis;
        }
        batch.clear();
        List<DecidedAction> timed = evaluator.step(last, batch); // timers up to the end
        order.add(timed);
        results(evaluator, last, timed, actions, order);
      } catch (Exception | Error e) {
        try {
          order.flush(); // what was decided is told, also when the trace or a rule failed
        } catch (Exception alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
        throw e;
      }
      order.flush();
      return new ReplayResult(
          counts,
          applied,
          evaluator.stats().rulesFired(),
          evaluator.stats().firedByRule(),
          evaluator.index().counters(),
          extras.recordConditions() ? evaluator.index().leafOutcomes() : List.of(),
          last,
          System.nanoTime() - start);
    }
  }

  /** Rounds of their own for facts due before {@code instant}. */
  private static void factRoundsBefore(
      long instant, Evaluator evaluator, TimedFacts facts, ActionLoop actions, OutputOrder order)
      throws Exception {
    for (long due = facts.nextDue(); due < instant; due = facts.nextDue()) {
      List<DecidedAction> given = step(evaluator, due, NO_SAMPLES, facts);
      order.add(given);
      results(evaluator, due, given, actions, order);
    }
  }

  /**
   * {@link Evaluator#step} with the facts due by {@code time}: they go in after the timers due by
   * then ran, before the samples.
   */
  private static List<DecidedAction> step(
      Evaluator evaluator, long time, SampleBatch samples, TimedFacts facts) {
    if (facts.nextDue() > time) {
      return evaluator.step(time, samples);
    }
    List<DecidedAction> timed = evaluator.runTimersThrough(time);
    evaluator.advanceTo(time);
    facts.applyDue(evaluator, time);
    List<DecidedAction> round = evaluator.step(time, samples);
    if (timed.isEmpty()) {
      return round;
    }
    List<DecidedAction> all = new ArrayList<>(timed);
    all.addAll(round);
    return all;
  }

  /**
   * Applies the results of a round's actions in rounds of their own at {@code instant}, as long as
   * results lead to new actions.
   */
  private static void results(
      Evaluator evaluator,
      long instant,
      List<DecidedAction> decided,
      ActionLoop actions,
      OutputOrder order)
      throws Exception {
    if (decided.isEmpty()) {
      return;
    }
    List<ActionResult> results = actions.carryOut(decided);
    for (int rounds = 1; !results.isEmpty(); rounds++) {
      if (rounds > MAX_RESULT_ROUNDS) {
        String rule = decided.get(0).rule();
        throw RuleFailure.unending(
            rule,
            "at "
                + instant / 1000.0
                + " s the results of actions led to new actions "
                + MAX_RESULT_ROUNDS
                + " rounds in a row (the last by rule '"
                + rule
                + "'): a rule answers every ActionResult by asking again; match only results"
                + " it has not answered (e.g. by requestId)");
      }
      decided = evaluator.step(instant, NO_SAMPLES, results);
      order.add(decided);
      results = decided.isEmpty() ? List.of() : actions.carryOut(decided);
    }
  }
}
