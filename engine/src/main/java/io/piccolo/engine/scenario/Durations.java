package io.piccolo.engine.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as authors write them: {@code 250ms}, {@code 10.5s}, {@code 2m}, {@code 1h}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  /** The longest duration: as long as the latest time a run can reach. */
  public static final long MAX_MILLIS = 1_000_000_000_000L;

  private Durations() {}

  /**
   * Milliseconds in the duration.
   *
   * @throws IllegalArgumentException naming the accepted forms, for anything else
   */
  public static long parseMillis(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': write a number and a unit, e.g. 250ms, 10.5s, 2m, 1h");
    }
    double amount = Double.parseDouble(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          case "m" -> 60_000;
          default -> 3_600_000;
        };
    double millis = amount * unit;
    if (millis > MAX_MILLIS) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': longer than the 1,000,000,000 s a run can reach");
    }
    if (millis != Math.rint(millis)) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': the session clock counts whole milliseconds");
    }
    return (long) millis;
  }

  /** The shortest spelling that parses back to the same value. */
  public static String format(long millis) {
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0 && millis > 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
