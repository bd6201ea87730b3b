package io.piccolo.engine.scenario;

import java.util.List;

/**
 * What a {@link Condition.Test} asks of its signal, beyond {@code signal op value}. Every kind but
 * {@link Stale} and {@link Known} is false before the signal's first sample.
 */
public sealed interface TestKind {

  /** {@code signal op other}: both signals' latest values; false until both have had a sample. */
  record Versus(Op op, String other) implements TestKind {}

  /** {@code low <= signal <= high}, numbers. */
  record Between(double low, double high) implements TestKind {}

  /** The signal equals one of the values, each compared as {@code eq} compares. */
  record In(List<Object> values) implements TestKind {
    public In {
      values = List.copyOf(values);
    }
  }

  /** The whole text of the value matches the regular expression (case-sensitive). */
  record Matches(String regex) implements TestKind {}

  /** The text of the value contains {@code text}, ignoring case. */
  record Contains(String text) implements TestKind {}

  /**
   * No sample came for {@code millis} on the session clock; before the first sample, counted from
   * the start of the run (or from when the scenario was applied).
   */
  record Stale(long millis) implements TestKind {}

  /** {@code known}: the signal has had a sample; {@code !known}: it has had none yet. */
  record Known(boolean known) implements TestKind {}

  /**
   * {@code (v2 - v1) / (t2 - t1) * perMillis op value} over the last two samples the index
   * evaluated, by their own times.
   */
  record Rate(Op op, double value, long perMillis) implements TestKind {}

  /**
   * {@code signal op value} turns it true; it stays true while {@code signal op rearm}
   * (hysteresis): with gt 80, rearm 75 it holds from above 80 until the value is at or below 75.
   */
  record Rearm(Op op, double value, double rearm) implements TestKind {}
}
