package io.piccolo.connectors.artifact;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate as tc writes it ({@code 100mbit}, {@code 512kbit}, {@code 1gbit}, {@code 20000bit}) or a
 * plain number of bit/s. Units are decimal and in bits, as tc's are; bytes ({@code mbps}) are
 * refused rather than guessed.
 */
public final class Bandwidth {
  private static final Pattern FORM =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(bit|kbit|mbit|gbit|tbit)?", Pattern.CASE_INSENSITIVE);

  /** The lowest rate the kernel's HTB shapes usefully. */
  public static final long MIN_BITS = 8_000;

  private Bandwidth() {}

  /**
   * @return bit/s
   * @throws IllegalArgumentException saying which forms are meant
   */
  public static long parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate; write it as tc does, e.g. 100mbit, 512kbit or 1gbit");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "bit" : m.group(2).toLowerCase(Locale.ROOT);
    double factor =
        switch (unit) {
          case "kbit" -> 1e3;
          case "mbit" -> 1e6;
          case "gbit" -> 1e9;
          case "tbit" -> 1e12;
          default -> 1;
        };
    double bits = value * factor;
    if (bits < MIN_BITS || bits > 1e13) {
      throw new IllegalArgumentException(
          "'" + text + "' is outside what HTB shapes (8kbit to 10tbit)");
    }
    return Math.round(bits);
  }

  /** A rate in tc's own form, exact: {@code 100mbit}, {@code 512kbit}, {@code 20001bit}. */
  public static String format(long bits) {
    if (bits % 1_000_000_000 == 0) {
      return bits / 1_000_000_000 + "gbit";
    }
    if (bits % 1_000_000 == 0) {
      return bits / 1_000_000 + "mbit";
    }
    if (bits % 1_000 == 0) {
      return bits / 1_000 + "kbit";
    }
    return bits + "bit";
  }
}
