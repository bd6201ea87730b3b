package io.piccolo.engine.sandbox;

import java.util.Arrays;
import java.util.stream.IntStream;

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
  private final int[] lineStarts;

  CodeMask(String text) {
    this.text = text;
    this.kind = new byte[text.length()];
    int i = 0;
    while (i < text.length()) {
      i = next(i);
    }
    this.lineStarts =
        IntStream.concat(
                IntStream.of(0),
                IntStream.range(0, text.length())
                    .filter(k -> text.charAt(k) == '\n')
                    .map(k -> k + 1))
            .toArray();
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
    int index = Arrays.binarySearch(lineStarts, offset);
    int line = index >= 0 ? index : -index - 2;
    return new int[] {line + 1, offset - lineStarts[line] + 1};
  }

  /** The offset where a 1-based line starts. */
  int lineStart(int line) {
    return line < 1 ? 0 : line > lineStarts.length ? text.length() : lineStarts[line - 1];
  }
}
