package io.piccolo.connectors.yaml;

/**
 * The one rule by which an unquoted YAML scalar gets a type, for every file PICCOLO reads: only
 * {@code true} and {@code false} (in any case) are booleans, only plain decimal numbers (sign,
 * fraction, exponent) are numbers, {@code null}, {@code ~} and nothing are null, and everything
 * else is the text written. YAML 1.1 would read {@code OFF} and {@code NO} as false and {@code
 * 0x10} as 16, which changes what an author meant; a quoted scalar is always text.
 */
public final class PlainScalars {
  private PlainScalars() {}

  /** A Boolean, Long, Double or the text itself. */
  public static Object type(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return number(text);
  }

  /** The number a plain decimal spells, or the text when it spells none. */
  static Object number(String text) {
    int shape = decimalShape(text);
    if (shape == NOT_DECIMAL) {
      return text;
    }
    if (shape == WHOLE) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooBig) {
        return text; // beyond a long: kept as written
      }
    }
    double value = Double.parseDouble(text);
    return Double.isInfinite(value) ? text : value;
  }

  /** Whether a text, written unquoted, would read back as something other than this text. */
  public static boolean readsAsOtherThanText(String text) {
    return text.isEmpty()
        || text.equals("~")
        || text.equalsIgnoreCase("null")
        || !(type(text) instanceof String);
  }

  private static final int NOT_DECIMAL = 0;
  private static final int WHOLE = 1;
  private static final int FRACTIONAL = 2;

  /** {@code [-+]?(digits(.digits?)?|.digits)([eE][-+]?digits)?}, without a regular expression. */
  private static int decimalShape(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int intDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      intDigits++;
    }
    boolean fractional = false;
    int fractionDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      fractional = true;
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        fractionDigits++;
      }
    }
    if (intDigits + fractionDigits == 0) {
      return NOT_DECIMAL;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      fractional = true;
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return NOT_DECIMAL;
      }
    }
    if (i != n) {
      return NOT_DECIMAL;
    }
    return fractional ? FRACTIONAL : WHOLE;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
