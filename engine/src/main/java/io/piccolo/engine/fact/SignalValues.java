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
    double quick = shortDecimal(t);
    if (!Double.isNaN(quick)) {
      return quick;
    }
    if (!isDecimal(t)) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  /**
   * The common trace value, {@code -12.375}: at most 15 digits, no exponent, read without
   * allocating. Both the digits and the power of ten are exact doubles, so one division rounds
   * exactly as {@link Double#parseDouble} would. NaN for any other form, which the exact path then
   * reads.
   */
  static double shortDecimal(String t) {
    int n = t.length();
    int i = 0;
    boolean negative = false;
    if (n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+')) {
      negative = t.charAt(0) == '-';
      i = 1;
    }
    long digits = 0;
    int count = 0;
    int decimals = -1;
    for (; i < n; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++count > 15) {
          return Double.NaN;
        }
        digits = digits * 10 + (c - '0');
        if (decimals >= 0) {
          decimals++;
        }
      } else if (c == '.' && decimals < 0) {
        decimals = 0;
      } else {
        return Double.NaN;
      }
    }
    if (count == 0) {
      return Double.NaN;
    }
    double value = decimals > 0 ? digits / POWERS_OF_TEN[decimals] : digits;
    return negative ? -value : value;
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
