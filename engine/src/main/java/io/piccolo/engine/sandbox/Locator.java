package io.piccolo.engine.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where in a rule file an author wrote a refused name: the occurrence nearest a line the
 * compiler points at, within the rule (or function) it belongs to.
 */
final class Locator {
  private final String file;
  private final String[] lines;

  Locator(String file, String text) {
    this.file = file;
    this.lines = text.split("\r?\n", -1);
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
    int first = Math.max(1, from);
    int last = Math.min(lines.length, Math.max(to, first));
    int start = Math.min(Math.max(hint, first), last);
    Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(token) + "(?![\\w$])");
    for (int distance = 0; distance <= last - first; distance++) {
      for (int line : new int[] {start + distance, start - distance}) {
        if (line < first || line > last || (distance == 0 && line != start)) {
          continue;
        }
        Matcher m = word.matcher(lines[line - 1]);
        if (m.find()) {
          return new Refusal(file, line, m.start() + 1, message);
        }
      }
    }
    return new Refusal(file, start, firstNonBlank(start), message);
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
