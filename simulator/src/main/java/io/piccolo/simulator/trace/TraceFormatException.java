package io.piccolo.simulator.trace;

/** A malformed trace line: the message reads {@code file:line: what is wrong}. */
public final class TraceFormatException extends Exception {
  public TraceFormatException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }
}
