package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.engine.LiveEvaluator;

/**
 * Hands checked samples to the evaluator's bounded queue, in order, and counts what was accepted
 * and refused, for every way samples come in (HTTP and the stream).
 */
final class SignalQueue {
  static final String SAMPLES_ACCEPTED = "piccolo.signals.accepted";
  static final String SAMPLES_REFUSED = "piccolo.signals.refused";

  private final java.util.function.Supplier<LiveEvaluator> evaluator;
  private final int capacity;
  private final Counter accepted;
  private final Counter refused;
  private final UnknownSignals unknown;

  /**
   * @param evaluator the evaluator, or null while the rule base is still being built
   * @param unknown counts the queued samples whose path nothing reads
   */
  SignalQueue(
      java.util.function.Supplier<LiveEvaluator> evaluator,
      int capacity,
      UnknownSignals unknown,
      MeterRegistry meters) {
    this.evaluator = evaluator;
    this.unknown = unknown;
    this.capacity = capacity;
    this.accepted =
        Counter.builder(SAMPLES_ACCEPTED)
            .description("samples received and queued for the evaluator")
            .register(meters);
    this.refused =
        Counter.builder(SAMPLES_REFUSED)
            .description("samples refused because the evaluator's queue was full")
            .register(meters);
  }

  /** Whether the rules are still being built: nothing can be queued yet. */
  boolean starting() {
    return evaluator.get() == null;
  }

  /** Queues samples until the queue is full; how many were queued, the first ones. */
  int offer(SampleReader.Samples samples) {
    LiveEvaluator live = evaluator.get();
    if (live == null) {
      return 0;
    }
    int queued = 0;
    while (queued < samples.size()
        && live.offer(samples.paths()[queued], samples.values()[queued], samples.times()[queued])) {
      queued++;
    }
    accepted.increment(queued);
    refused.increment(samples.size() - queued);
    unknown.accepted(samples, queued);
    return queued;
  }

  long accepted() {
    return (long) accepted.count();
  }

  long refused() {
    return (long) refused.count();
  }

  int depth() {
    LiveEvaluator live = evaluator.get();
    return live == null ? 0 : live.queued();
  }

  UnknownSignals unknown() {
    return unknown;
  }

  int capacity() {
    return capacity;
  }
}
