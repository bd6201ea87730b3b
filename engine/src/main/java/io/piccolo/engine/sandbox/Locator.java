package io.piccolo.engine.sandbox;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where in a rule file an author wrote a refused name: in code, not in a comment or a string
 * literal, on the line the compiler points at or the one nearest it within the rule (or function)
 * it belongs to.
 */
final class Locator {
  private final String file;
  private final String[] lines;
  private final CodeMask mask;

  Locator(String file, String text) {
    this.file = file;
    this.lines = text.split("\n", -1);
    this.mask = new CodeMask(text);
  }

  String file() {
    return file;
  }

  /**
   * @param from first line of the span, 1-based
   * @param to last line of the span
   * @param hint where to look first
   */
  Refusal refuse(String token, int from, int to, int hint, String message) {
    return refuse(token, from, to, hint, 0, message);
  }

  /**
   * @param occurrence which use of {@code token} on the line found (0 for the first); the last one
   *     when the line has fewer
   */
  Refusal refuse(String token, int from, int to, int hint, int occurrence, String message) {
    int first = Math.max(1, from);
    int last = Math.min(lines.length, Math.max(to, first));
    int start = Math.min(Math.max(hint, first), last);
    Pattern word = word(token);
    for (int distance = 0; distance <= last - first; distance++) {
      for (int line : new int[] {start + distance, start - distance}) {
        if (line < first || line > last || (distance == 0 && line != start)) {
          continue;
        }
        int column = column(word, line, occurrence);
        if (column > 0) {
          return new Refusal(file, line, column, message);
        }
      }
    }
    return new Refusal(file, start, firstNonBlank(start), message);
  }

  /**
   * Like {@link #refuse(String, int, int, int, String)}, at the nearest use of {@code token} not
   * yet in {@code placed} (as {@code line:column}), which it adds.
   */
  Refusal refuse(String token, int from, int to, int hint, String message, Set<String> placed) {
    int first = Math.max(1, from);
    int last = Math.min(lines.length, Math.max(to, first));
    int start = Math.min(Math.max(hint, first), last);
    Pattern word = word(token);
    for (int distance = 0; distance <= last - first; distance++) {
      for (int line : new int[] {start + distance, start - distance}) {
        if (line < first || line > last || (distance == 0 && line != start)) {
          continue;
        }
        int offset = mask.lineStart(line);
        Matcher m = word.matcher(lines[line - 1]);
        while (m.find()) {
          if (mask.isCode(offset + m.start()) && placed.add(line + ":" + (m.start() + 1))) {
            return new Refusal(file, line, m.start() + 1, message);
          }
        }
      }
    }
    return refuse(token, from, to, hint, message);
  }

  private static Pattern word(String token) {
    return Pattern.compile("(?<![\\w$])" + Pattern.quote(token) + "(?![\\w$])");
  }

  /** The 1-based column of the chosen use of the word on the line, or 0 when there is none. */
  private int column(Pattern word, int line, int occurrence) {
    int offset = mask.lineStart(line);
    Matcher m = word.matcher(lines[line - 1]);
    int found = 0;
    int seen = 0;
    while (m.find()) {
      if (mask.isCode(offset + m.start())) {
        found = m.start() + 1;
        if (seen++ == occurrence) {
          break;
        }
      }
    }
    return found;
  }

  private int firstNonBlank(int line) {
    if (line < 1 || line > lines.length) {
      return 1;
    }
    String text = lines[line - 1];
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i + 1;
  }
}
