package io.piccolo.simulator.trace;

import io.piccolo.engine.fact.SignalValues;

/**
 * Reads the common JSON-lines sample, one flat object {@code {"time":12.5,"path":"Vehicle.Speed",
 * "value":42}} with exactly these three keys in any order, without building a JSON tree. Anything
 * else (escapes in strings, other keys, nulls, nested values, signs or exponents in the time,
 * malformed JSON) is left to the full JSON reader, which also words every error.
 */
final class FlatJsonSample {
  String time;

  /** Where the path's characters are in the line (a string without escapes). */
  int pathStart;

  int pathEnd;

  Object value;

  private String line;
  private int at;

  /** True when the line was read; false when the full JSON reader must read it. */
  boolean read(String text) {
    line = text;
    at = 0;
    time = null;
    pathStart = -1;
    value = null;
    if (!skip('{')) {
      return false;
    }
    for (int fields = 0; fields < 3; fields++) {
      if (fields > 0 && !skip(',')) {
        return false;
      }
      int keyEnd = stringEnd();
      if (keyEnd < 0 || !skip(':') || !field(key(keyEnd))) {
        return false;
      }
    }
    if (!skip('}')) {
      return false;
    }
    whitespace();
    return at == line.length();
  }

  /** The key just read, as one of the three names, or "" for any other. */
  private String key(int end) {
    for (String known : KEYS) {
      if (stringLength == known.length() && line.startsWith(known, end - stringLength)) {
        return known;
      }
    }
    return "";
  }

  private static final String[] KEYS = {"time", "path", "value"};

  private boolean field(String key) {
    switch (key) {
      case "time" -> {
        if (time != null) {
          return false;
        }
        time = plainTime();
        return time != null;
      }
      case "path" -> {
        if (pathStart >= 0) {
          return false;
        }
        int end = stringEnd();
        if (end < 0) {
          return false;
        }
        pathStart = end - stringLength;
        pathEnd = end;
        return true;
      }
      case "value" -> {
        if (value != null) {
          return false;
        }
        value = scalar();
        return value != null;
      }
      default -> {
        return false;
      }
    }
  }

  /** Whole seconds and at most three decimals: the form whose milliseconds are exact as written. */
  private String plainTime() {
    whitespace();
    int start = at;
    int n = line.length();
    while (at < n && isDigit(line.charAt(at))) {
      at++;
    }
    int digits = at - start;
    if (digits == 0 || (digits > 1 && line.charAt(start) == '0')) {
      return null;
    }
    if (at < n && line.charAt(at) == '.') {
      int point = ++at;
      while (at < n && isDigit(line.charAt(at))) {
        at++;
      }
      if (at == point || at - point > 3) {
        return null;
      }
    }
    return at - start > 16 ? null : line.substring(start, at);
  }

  private Object scalar() {
    whitespace();
    if (at >= line.length()) {
      return null;
    }
    char c = line.charAt(at);
    if (c == '"') {
      return string();
    }
    if (line.startsWith("true", at)) {
      at += 4;
      return Boolean.TRUE;
    }
    if (line.startsWith("false", at)) {
      at += 5;
      return Boolean.FALSE;
    }
    return number();
  }

  /** A JSON number, read as Double.parseDouble reads it; null if not one or not finite. */
  private Double number() {
    int start = at;
    int n = line.length();
    if (at < n && line.charAt(at) == '-') {
      at++;
    }
    int whole = at;
    while (at < n && isDigit(line.charAt(at))) {
      at++;
    }
    if (at == whole || (at - whole > 1 && line.charAt(whole) == '0')) {
      return null;
    }
    if (at < n && line.charAt(at) == '.') {
      int point = ++at;
      while (at < n && isDigit(line.charAt(at))) {
        at++;
      }
      if (at == point) {
        return null;
      }
    }
    if (at < n && (line.charAt(at) == 'e' || line.charAt(at) == 'E')) {
      at++;
      if (at < n && (line.charAt(at) == '+' || line.charAt(at) == '-')) {
        at++;
      }
      int exponent = at;
      while (at < n && isDigit(line.charAt(at))) {
        at++;
      }
      if (at == exponent) {
        return null;
      }
    }
    double d = SignalValues.parseNumber(line.substring(start, at));
    if (!Double.isFinite(d) || (d == 0 && line.charAt(start) == '-')) {
      return null; // JSON reads an integer -0 as 0
    }
    return d;
  }

  /** A string without escapes or control characters; null otherwise. */
  private String string() {
    int end = stringEnd();
    return end < 0 ? null : line.substring(end - stringLength, end);
  }

  private int stringLength;

  /**
   * Reads a string without escapes or control characters: where its text ends in the line (its
   * length in {@link #stringLength}), or -1 for any other string.
   */
  private int stringEnd() {
    whitespace();
    int n = line.length();
    if (at >= n || line.charAt(at) != '"') {
      return -1;
    }
    int start = ++at;
    while (at < n) {
      char c = line.charAt(at);
      if (c == '"') {
        stringLength = at - start;
        return at++;
      }
      if (c == '\\' || c < 0x20) {
        return -1;
      }
      at++;
    }
    return -1;
  }

  private boolean skip(char c) {
    whitespace();
    if (at < line.length() && line.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void whitespace() {
    int n = line.length();
    while (at < n) {
      char c = line.charAt(at);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      at++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
