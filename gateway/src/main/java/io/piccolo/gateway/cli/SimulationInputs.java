package io.piccolo.gateway.cli;

import io.piccolo.simulator.trace.TraceTimes;
import java.math.BigDecimal;

/** Converts command-line times to the session clock's milliseconds. */
final class SimulationInputs {
  private SimulationInputs() {}

  static Long untilMillis(BigDecimal seconds) {
    if (seconds == null) {
      return null;
    }
    try {
      return TraceTimes.millis(seconds);
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
