package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.scheduler.DeadlineMisses;
import io.piccolo.scheduler.TimpaniExecutor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The TIMPANI executor in {@code serve}: its deadline misses queued to the evaluator as {@code
 * DeadlineMiss} facts, like action results.
 */
final class TimpaniFacts implements DeadlineMisses {
  private final Supplier<LiveEvaluator> evaluator;

  private TimpaniFacts(Supplier<LiveEvaluator> evaluator) {
    this.evaluator = evaluator;
  }

  static Executor executor(
      StateStore store,
      Supplier<LiveEvaluator> evaluator,
      MeterRegistry meters,
      Consumer<String> log) {
    return new TimpaniExecutor(store, new TimpaniFacts(evaluator), meters, log);
  }

  @Override
  public void missed(DeadlineMiss miss) {
    LiveEvaluator live = evaluator.get();
    if (live != null) {
      live.offerDeadlineMiss(miss);
    }
  }
}
