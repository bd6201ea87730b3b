package io.piccolo.simulator.trace;

import java.math.BigDecimal;

/**
 * Times on a trace's clock: seconds from the start as written, kept to the millisecond. The same
 * rule serves trace lines, {@code --until} and spec times, so every one is bounded and exact.
 */
public final class TraceTimes {
  /** The latest time a run may reach: 10^9 s, about 31 years, far past any drive. */
  public static final long MAX_MILLIS = 1_000_000_000_000L;

  public static final String MAX_SECONDS = "1000000000";

  private TraceTimes() {}

  /** Why a time cannot be used; the caller says where it was written. */
  public static final class BadTime extends Exception {
    BadTime(String message) {
      super(message);
    }
  }

  /** Milliseconds in {@code seconds}, written as a decimal number (an exponent is allowed). */
  public static long millis(String seconds) throws BadTime {
    if (seconds.length() > 40) {
      throw new BadTime("time '" + seconds.substring(0, 20) + "…' is not a time a run can reach");
    }
    long fast = plainMillis(seconds);
    if (fast >= 0) {
      return fast;
    }
    BigDecimal ms;
    try {
      ms = new BigDecimal(seconds).movePointRight(3);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadTime("time '" + seconds + "' is not a number of seconds");
    }
    return millis(ms, seconds);
  }

  /** Milliseconds in a number of seconds that was already parsed, e.g. from YAML or JSON. */
  public static long millis(BigDecimal seconds) throws BadTime {
    if (seconds.compareTo(BigDecimal.valueOf(MAX_MILLIS / 1000)) > 0) {
      throw new BadTime(
          "time " + seconds + " is beyond the latest time a run can reach, " + MAX_SECONDS + " s");
    }
    return millis(seconds.movePointRight(3), seconds.toPlainString());
  }

  private static long millis(BigDecimal ms, String written) throws BadTime {
    if (ms.signum() < 0) {
      throw new BadTime("time " + written + " is negative");
    }
    if (ms.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
      throw new BadTime(
          "time " + written + " is beyond the latest time a run can reach, " + MAX_SECONDS + " s");
    }
    if (ms.stripTrailingZeros().scale() > 0) {
      throw new BadTime("time " + written + " is finer than a millisecond");
    }
    return ms.longValueExact();
  }

  /**
   * The common form, {@code 12} or {@code 12.345}, without allocating; -1 for anything else (signs,
   * exponents, more than three decimals, huge values), which the exact path then reads.
   */
  private static long plainMillis(String s) {
    return plainMillis(s, 0, s.length());
  }

  /** {@link #plainMillis(String)} of the characters from {@code start} to {@code end}. */
  static long plainMillis(CharSequence s, int start, int end) {
    int n = end;
    if (end == start || end - start > 16) {
      return -1;
    }
    long whole = 0;
    int i = start;
    for (; i < n && s.charAt(i) != '.'; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      whole = whole * 10 + d;
    }
    if (i == start) {
      return -1;
    }
    long fraction = 0;
    int digits = 0;
    if (i < n) {
      for (i++; i < n; i++, digits++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9 || digits == 3) {
          return -1;
        }
        fraction = fraction * 10 + d;
      }
    }
    for (; digits < 3; digits++) {
      fraction *= 10;
    }
    long millis = whole * 1000 + fraction;
    return millis <= MAX_MILLIS ? millis : -1;
  }

  /** A time for messages: seconds, no trailing zeros. */
  public static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }
}
