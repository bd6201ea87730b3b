package io.piccolo.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * How an evaluator runs.
 *
 * @param pseudoClock true for simulation, tests and specs (time moves only when told); false for
 *     live use on the real-time clock
 * @param denyByDefault what an undecided request becomes: denied, or (the default) allowed
 * @param meters where the {@code piccolo.*} meters are published
 * @param watchdog reports a round that does not return; null for none
 * @param resultRetention how long an {@code ActionResult} stays in the session after its time
 */
public record EvaluatorOptions(
    boolean pseudoClock,
    boolean denyByDefault,
    MeterRegistry meters,
    RoundWatchdog watchdog,
    Duration resultRetention) {
  /** How long an {@code ActionResult} stays in the session unless told otherwise. */
  public static final Duration DEFAULT_RESULT_RETENTION = Duration.ofMinutes(10);

  public EvaluatorOptions {
    if (resultRetention.isNegative() || resultRetention.isZero()) {
      throw new IllegalArgumentException(
          "the result retention must be positive, got " + resultRetention);
    }
  }

  public EvaluatorOptions(boolean pseudoClock, boolean denyByDefault, MeterRegistry meters) {
    this(pseudoClock, denyByDefault, meters, null, DEFAULT_RESULT_RETENTION);
  }

  public static EvaluatorOptions simulation() {
    return new EvaluatorOptions(true, false, new SimpleMeterRegistry());
  }

  public static EvaluatorOptions live() {
    return new EvaluatorOptions(false, false, new SimpleMeterRegistry());
  }

  public EvaluatorOptions denyByDefault(boolean deny) {
    return new EvaluatorOptions(pseudoClock, deny, meters, watchdog, resultRetention);
  }

  public EvaluatorOptions meters(MeterRegistry registry) {
    return new EvaluatorOptions(pseudoClock, denyByDefault, registry, watchdog, resultRetention);
  }

  /** Rounds are watched by {@code dog} (shared by every evaluator of the process). */
  public EvaluatorOptions watchdog(RoundWatchdog dog) {
    return new EvaluatorOptions(pseudoClock, denyByDefault, meters, dog, resultRetention);
  }

  /** {@code ActionResult}s stay in the session for {@code retention} past their time. */
  public EvaluatorOptions resultRetention(Duration retention) {
    return new EvaluatorOptions(pseudoClock, denyByDefault, meters, watchdog, retention);
  }
}
