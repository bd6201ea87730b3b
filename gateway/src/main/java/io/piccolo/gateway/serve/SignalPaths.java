package io.piccolo.gateway.serve;

/**
 * What a posted signal path may be: a VSS-style dotted name ({@code Vehicle.Cabin.Light.IsOn}), so
 * no control characters (NUL, line breaks, escapes that rewrite a terminal or a log line) and no
 * more than {@code serve.signal-path-limit} characters.
 */
final class SignalPaths {
  private SignalPaths() {}

  /** Null when the path is fine, else what is wrong with it. */
  static String problem(String path, int limit) {
    if (path.length() > limit) {
      return "a path of "
          + path.length()
          + " characters is longer than serve.signal-path-limit ("
          + limit
          + "); a signal path is a dotted name such as \"Vehicle.Speed\"";
    }
    for (int at = 0; at < path.length(); at++) {
      char c = path.charAt(at);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return String.format(
            "holds the control character U+%04X at index %d; a signal path is a dotted name such"
                + " as \"Vehicle.Speed\"",
            (int) c, at);
      }
    }
    return null;
  }
}
