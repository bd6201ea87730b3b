package io.piccolo.gateway.cli;

import java.math.BigDecimal;

/** Converts command-line times to the session clock's milliseconds. */
final class SimulationInputs {
  private SimulationInputs() {}

  static Long untilMillis(BigDecimal seconds) {
    if (seconds == null) {
      return null;
    }
    BigDecimal ms = seconds.movePointRight(3);
    if (ms.signum() < 0 || ms.stripTrailingZeros().scale() > 0) {
      throw new UserError(
          UserError.BAD_INPUT,
          "--until must be a non-negative time in seconds, to the millisecond");
    }
    return ms.longValueExact();
  }
}
