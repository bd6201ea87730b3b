package io.piccolo.engine.rulebase;

/**
 * Refuses brackets nested too deep before any parser sees the file. The expression parser that
 * checks conditions takes time exponential in their nesting (a dozen levels already take seconds)
 * and the DRL parser recurses once per level, so a hostile file would hang the build or overflow
 * the stack. Consequences and functions are Java, parsed without that cost, and get a looser limit.
 *
 * <p>Strings, character literals and comments are skipped; {@code (}, {@code [} and {@code {}
 * count alike.
 */
final class DrlNesting {
  /** Brackets nested in conditions, attributes and declarations, the pattern's own included. */
  static final int MAX_CONDITION_DEPTH = 10;

  /** Brackets nested in a consequence or a function body. */
  static final int MAX_CODE_DEPTH = 64;

  private final String file;
  private final String text;
  private int line = 1;
  private int column = 1;

  private DrlNesting(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /** The first bracket nested too deep, or null when every bracket is within the limits. */
  static Problem check(String file, String text) {
    return new DrlNesting(file, text).scan();
  }

  private Problem scan() {
    int depth = 0;
    boolean code = false; // inside a consequence or a function body
    boolean functionPending = false;
    boolean inFunction = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        i = skipTo(i, "\n");
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        i = skipTo(i + 2, "*/");
      } else if (c == '"' || c == '\'') {
        i = skipQuoted(i, c);
      } else if (Character.isJavaIdentifierStart(c)) {
        int end = i;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
          end++;
        }
        if (depth == 0) {
          String word = text.substring(i, end);
          switch (word) {
            case "then" -> code = true;
            case "end" -> code = false;
            case "function" -> functionPending = true;
            default -> {}
          }
        }
        advance(i, end);
        i = end;
      } else if (c == '(' || c == '[' || c == '{') {
        if (depth == 0 && functionPending && c == '{') {
          code = true;
          inFunction = true;
          functionPending = false;
        }
        depth++;
        int limit = code ? MAX_CODE_DEPTH : MAX_CONDITION_DEPTH;
        if (depth > limit) {
          return Problem.error(file, line, column, tooDeep(code, limit));
        }
        advance(i, i + 1);
        i++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
        if (depth == 0 && inFunction) {
          code = false;
          inFunction = false;
        }
        advance(i, i + 1);
        i++;
      } else {
        advance(i, i + 1);
        i++;
      }
    }
    return null;
  }

  private static String tooDeep(boolean code, int limit) {
    return code
        ? "brackets nest more than "
            + limit
            + " deep here; a consequence or function may nest at most "
            + limit
            + " (move the inner part into a function or a local variable)"
        : "brackets nest more than "
            + limit
            + " deep here; conditions may nest at most "
            + limit
            + ", the pattern's own bracket included (split the condition into several"
            + " constraints or patterns)";
  }

  /** Index just past the end of {@code stop} (or of the text), keeping line and column. */
  private int skipTo(int from, String stop) {
    int at = text.indexOf(stop, from);
    int end = at < 0 ? text.length() : at + stop.length();
    advance(from, end);
    return end;
  }

  private int skipQuoted(int start, char quote) {
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != quote && text.charAt(i) != '\n') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    int end = Math.min(i + 1, text.length());
    advance(start, end);
    return end;
  }

  private void advance(int from, int to) {
    for (int i = from; i < to && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  }
}
