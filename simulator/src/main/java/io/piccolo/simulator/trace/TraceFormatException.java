package io.piccolo.simulator.trace;

/** A malformed trace line: the message reads {@code file:line: what is wrong}. */
public final class TraceFormatException extends Exception {
  private final long timeMillis;

  public TraceFormatException(String file, int line, String message) {
    this(file + ":" + line + ": " + message, -1);
  }

  private TraceFormatException(String message, long timeMillis) {
    super(message);
    this.timeMillis = timeMillis;
  }

  /** The same problem on a line whose time could still be read. */
  TraceFormatException at(long time) {
    return new TraceFormatException(getMessage(), time);
  }

  /**
   * The time of the malformed line when it could be read (its time field was fine, the rest was
   * not), else -1: a replay then knows whether the line belongs to an instant it is reading.
   */
  public long timeMillis() {
    return timeMillis;
  }
}
