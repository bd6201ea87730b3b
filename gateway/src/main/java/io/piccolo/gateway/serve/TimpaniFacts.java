package io.piccolo.gateway.serve;

import io.piccolo.adapters.Executor;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.scheduler.DeadlineMisses;
import io.piccolo.scheduler.PolicyAction;
import io.piccolo.scheduler.TimpaniExecutor;
import java.util.function.Supplier;

/**
 * The TIMPANI executor in {@code serve}: its deadline misses queued to the evaluator as {@code
 * DeadlineMiss} facts, like action results; what a Policy did about them published as {@code
 * timpani} events; its restarts carried out by serve's dispatcher.
 */
final class TimpaniFacts implements DeadlineMisses {
  private final Supplier<LiveEvaluator> evaluator;
  private final EventHub events;

  private TimpaniFacts(Supplier<LiveEvaluator> evaluator, EventHub events) {
    this.evaluator = evaluator;
    this.events = events;
  }

  static Executor executor(Runtimes.Companion c) {
    return new TimpaniExecutor(
        c.store(), new TimpaniFacts(c.evaluator(), c.events()), c.restarts(), c.meters(), c.log());
  }

  @Override
  public void missed(DeadlineMiss miss) {
    LiveEvaluator live = evaluator.get();
    if (live != null) {
      live.offerDeadlineMiss(miss);
    }
  }

  @Override
  public void acted(PolicyAction action) {
    if (events != null) {
      events.publishTimpani(System.currentTimeMillis(), action);
    }
  }
}
