package io.piccolo.gateway.bench;

/**
 * The latency samples: each path is a square wave, high for half of every {@link
 * BenchRules#PULSE_PERIOD} of its updates and 0 for the other half, so a rise is far from the next
 * one and cannot share an evaluation round with the fall after it. While high, a path's value is
 * the number of its rise (1, 2, 3, ...), which the scenario copies into its decision's params: each
 * decision names the rise it answers.
 *
 * <p>Spread, the paths' waves are shifted against each other, so the rises of all paths come evenly
 * over the period; together, every path rises within the same round of updates, a burst of one
 * decision per path. Each path stays at 0 until its first rise.
 */
final class PulseWave {
  private final BenchRules rules;
  private final boolean spread;

  PulseWave(BenchRules rules, boolean spread) {
    this.rules = rules;
    this.spread = spread;
  }

  /** Sample {@code k}'s value: its rise's number while high, 0 while low. */
  int value(long k) {
    long phase = phase(k);
    if (phase < 0 || phase % BenchRules.PULSE_PERIOD >= BenchRules.PULSE_PERIOD / 2) {
      return 0;
    }
    return (int) (phase / BenchRules.PULSE_PERIOD) + 1;
  }

  /** The number of the rise sample {@code k} makes, or 0 when it makes none. */
  int riseOf(long k) {
    long phase = phase(k);
    return phase >= 0 && phase % BenchRules.PULSE_PERIOD == 0
        ? (int) (phase / BenchRules.PULSE_PERIOD) + 1
        : 0;
  }

  /** Updates of sample {@code k}'s path since that path's first rise (negative before it). */
  private long phase(long k) {
    int scenario = rules.scenarioOf(k);
    long shift = spread ? (long) scenario * BenchRules.PULSE_PERIOD / rules.scenarios() : 0;
    return k / rules.scenarios() - shift;
  }
}
