package io.piccolo.gateway.cli;

import io.piccolo.simulator.trace.TraceTimes;

/** Converts command-line times to the session clock's milliseconds. */
final class SimulationInputs {
  private SimulationInputs() {}

  /** {@code --until SECONDS}, read by the same rule as trace times; null when not given. */
  static Long untilMillis(String seconds) {
    if (seconds == null) {
      return null;
    }
    try {
      return TraceTimes.millis(seconds.trim());
    } catch (TraceTimes.BadTime e) {
      throw new UserError(
          UserError.BAD_INPUT,
          "--until: "
              + e.getMessage()
              + "; write a time in seconds from 0 to "
              + TraceTimes.MAX_SECONDS
              + ", to the millisecond");
    }
  }
}
