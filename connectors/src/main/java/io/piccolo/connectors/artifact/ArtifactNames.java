package io.piccolo.connectors.artifact;

import java.util.Optional;

/**
 * What an artifact may be called. A name becomes part of store keys ({@code Model/NAME}, {@code
 * /scenario/NAME/state}, {@code /piccolo/history/Model/NAME/VERSION}), so a {@code /} would let one
 * artifact's keys fall under another's, and blanks or control characters would make keys nobody can
 * type. Pullpiri's own names ({@code policy_helloworld}, {@code perf_18proc_tc1}) fit.
 */
public final class ArtifactNames {
  /** The longest name, as for a Kubernetes object name. */
  public static final int MAX_LENGTH = 253;

  /** What a name may hold, for messages. */
  public static final String RULE =
      "ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, at most "
          + MAX_LENGTH
          + " characters";

  private ArtifactNames() {}

  /** Why {@code name} cannot name an artifact; empty when it can. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("must not be empty: use " + RULE);
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(
          "is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    if (!isLetterOrDigit(name.charAt(0))) {
      return Optional.of(
          quoted(name) + " starts with " + describe(name.charAt(0)) + "; use " + RULE);
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return Optional.of(quoted(name) + " holds " + describe(c) + "; use " + RULE);
      }
    }
    return Optional.empty();
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String describe(char c) {
    if (c == ' ') {
      return "a space";
    }
    if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
      return String.format("the control or blank character U+%04X", (int) c);
    }
    return "'" + c + "'";
  }

  /** The name as it can be shown on one line, control characters escaped, in quotes. */
  public static String quoted(String name) {
    StringBuilder out = new StringBuilder("'");
    name.codePoints()
        .limit(60)
        .forEach(
            cp -> {
              if (Character.isISOControl(cp) || (Character.isWhitespace(cp) && cp != ' ')) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.append(name.length() > 60 ? "...'" : "'").toString();
  }
}
