package io.piccolo.engine.scenario;

/** Where a definition came from, for messages: {@code file:line:column}. */
public record Origin(String file, int line, int column) {
  public static final Origin UNKNOWN = new Origin("<unknown>", 0, 0);

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
