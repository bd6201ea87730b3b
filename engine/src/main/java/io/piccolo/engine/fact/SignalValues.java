package io.piccolo.engine.fact;

/** The conversions every signal reading shares, so facts, scenarios and policies agree. */
public final class SignalValues {
  private SignalValues() {}

  /** A number, NaN when the value does not read as one; booleans read as 1 and 0. */
  public static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof String s) {
      return parseNumber(s);
    }
    return Double.NaN;
  }

  /** True for {@code true}, "true" in any case, or a non-zero number. */
  public static boolean flag(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && s.trim().equalsIgnoreCase("true")) {
      return true;
    }
    double n = number(value);
    return n != 0 && !Double.isNaN(n);
  }

  public static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      // whole numbers read as "50", the way a trace or a YAML file writes them
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  /** Parses a trimmed decimal number; NaN for anything else, including "NaN" itself. */
  public static double parseNumber(String s) {
    String t = s.trim();
    if (!isDecimal(t)) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Plain decimals with an optional exponent ({@code [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?}): not
   * Java's "4D", "4f", "Infinity" or hex. Checked by hand: this runs once per trace sample.
   */
  static boolean isDecimal(String t) {
    int n = t.length();
    int i = 0;
    if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(t.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && t.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
