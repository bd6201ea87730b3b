package io.piccolo.connectors.yaml;

/** A YAML syntax error at a line and column. */
public final class YamlException extends Exception {
  private final int line;
  private final int column;

  public YamlException(int line, int column, String message) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
