package io.piccolo.engine.rulebase;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shortens Drools' build messages to the part an author can act on. */
final class DroolsMessages {
  private static final int MAX = 300;

  private static final Pattern UNKNOWN_FIELD =
      Pattern.compile("unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");

  private static final Pattern LINE_PREFIX =
      Pattern.compile("(?:\\[ERR \\d+\\] )?Line (\\d+):(\\d+) ");

  private DroolsMessages() {}

  /** The 1-based line and column a parser message names in its text, or null. */
  static int[] position(String message) {
    Matcher m = LINE_PREFIX.matcher(message == null ? "" : message.trim());
    return m.find()
        ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1}
        : null;
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  static String tidy(String message) {
    if (message == null) {
      return "invalid rule";
    }
    String oneLine = message.replaceAll("\\s+", " ").trim();
    oneLine = LINE_PREFIX.matcher(oneLine).replaceFirst("");
    if (oneLine.contains("at input '<eof>'")) {
      return "unexpected end of file: a rule is not closed (a missing ')' or 'end'?)";
    }
    Matcher field = UNKNOWN_FIELD.matcher(oneLine);
    if (field.find()) {
      return "unknown field '" + field.group(2) + "' on " + simpleName(field.group(1));
    }
    int near = oneLine.indexOf(" [Near :");
    if (near > 0) {
      oneLine = oneLine.substring(0, near);
    }
    return oneLine.length() > MAX ? oneLine.substring(0, MAX) + "…" : oneLine;
  }
}
