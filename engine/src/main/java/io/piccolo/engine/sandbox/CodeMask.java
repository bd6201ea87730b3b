package io.piccolo.engine.sandbox;

/**
 * Which characters of a rule file are code, and which are inside a comment or a string literal: a
 * name written there is not a use of it.
 */
final class CodeMask {
  private static final byte CODE = 0;
  private static final byte COMMENT = 1;
  private static final byte STRING = 2;

  private final String text;
  private final byte[] kind;

  CodeMask(String text) {
    this.text = text;
    this.kind = new byte[text.length()];
    int i = 0;
    while (i < text.length()) {
      i = next(i);
    }
  }

  /** Marks the token starting at {@code i}; returns where the next one starts. */
  private int next(int i) {
    if (text.startsWith("//", i)) {
      return mark(i, endOfLine(i), COMMENT);
    }
    if (text.startsWith("/*", i)) {
      int end = text.indexOf("*/", i + 2);
      return mark(i, end < 0 ? text.length() : end + 2, COMMENT);
    }
    if (text.startsWith("\"\"\"", i)) {
      int end = text.indexOf("\"\"\"", i + 3);
      return mark(i, end < 0 ? text.length() : end + 3, STRING);
    }
    char c = text.charAt(i);
    if (c == '"' || c == '\'') {
      int j = i + 1;
      while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
        j += text.charAt(j) == '\\' ? 2 : 1;
      }
      return mark(i, Math.min(j + 1, text.length()), STRING);
    }
    return i + 1;
  }

  private int endOfLine(int i) {
    int end = text.indexOf('\n', i);
    return end < 0 ? text.length() : end;
  }

  private int mark(int from, int to, byte what) {
    for (int k = from; k < to; k++) {
      kind[k] = what;
    }
    return to;
  }

  boolean isCode(int offset) {
    return offset >= 0 && offset < kind.length && kind[offset] == CODE;
  }

  boolean inString(int offset) {
    return offset >= 0 && offset < kind.length && kind[offset] == STRING;
  }

  /** The 1-based line and column of an offset. */
  int[] position(int offset) {
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < offset && k < text.length(); k++) {
      if (text.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  /** The offset where a 1-based line starts. */
  int lineStart(int line) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      int nl = text.indexOf('\n', offset);
      if (nl < 0) {
        return text.length();
      }
      offset = nl + 1;
    }
    return offset;
  }
}
