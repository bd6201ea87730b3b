package io.piccolo.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * How an evaluator runs.
 *
 * @param pseudoClock true for simulation, tests and specs (time moves only when told); false for
 *     live use on the real-time clock
 * @param denyByDefault what an undecided request becomes: denied, or (the default) allowed
 * @param meters where the {@code piccolo.*} meters are published
 * @param watchdog reports a round that does not return; null for none
 */
public record EvaluatorOptions(
    boolean pseudoClock, boolean denyByDefault, MeterRegistry meters, RoundWatchdog watchdog) {

  public EvaluatorOptions(boolean pseudoClock, boolean denyByDefault, MeterRegistry meters) {
    this(pseudoClock, denyByDefault, meters, null);
  }

  public static EvaluatorOptions simulation() {
    return new EvaluatorOptions(true, false, new SimpleMeterRegistry());
  }

  public static EvaluatorOptions live() {
    return new EvaluatorOptions(false, false, new SimpleMeterRegistry());
  }

  public EvaluatorOptions denyByDefault(boolean deny) {
    return new EvaluatorOptions(pseudoClock, deny, meters, watchdog);
  }

  public EvaluatorOptions meters(MeterRegistry registry) {
    return new EvaluatorOptions(pseudoClock, denyByDefault, registry, watchdog);
  }

  /** Rounds are watched by {@code dog} (shared by every evaluator of the process). */
  public EvaluatorOptions watchdog(RoundWatchdog dog) {
    return new EvaluatorOptions(pseudoClock, denyByDefault, meters, dog);
  }
}
