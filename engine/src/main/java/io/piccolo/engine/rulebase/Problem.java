package io.piccolo.engine.rulebase;

/** One thing wrong with an input, where it is, and how bad. */
public record Problem(Severity severity, String file, int line, int column, String message) {
  public enum Severity {
    ERROR,
    WARNING
  }

  public static Problem error(String file, int line, int column, String message) {
    return new Problem(Severity.ERROR, file, line, column, message);
  }

  public static Problem warning(String file, int line, int column, String message) {
    return new Problem(Severity.WARNING, file, line, column, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line:column: message}, with "warning: " before a warning's message. */
  @Override
  public String toString() {
    return file
        + ":"
        + Math.max(line, 1)
        + ":"
        + Math.max(column, 1)
        + ": "
        + (isError() ? "" : "warning: ")
        + message;
  }
}
