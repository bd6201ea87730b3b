package io.piccolo.simulator.trace;

import java.io.Closeable;
import java.io.IOException;

/**
 * Samples read one at a time, in time order, so a replay holds one sample rather than the trace.
 * After {@link #next()} returns true, {@link #time()}, {@link #path()} and {@link #value()}
 * describe that sample until the next call.
 */
public interface SampleStream extends Closeable {
  /**
   * Moves to the next sample.
   *
   * @return false at the end of the trace
   * @throws TraceFormatException for a malformed line, naming the file and line
   */
  boolean next() throws IOException, TraceFormatException;

  /** The sample's time in ms from the trace's start. */
  long time();

  String path();

  Object value();

  /** How much of the input has been read, from 0 to 1; NaN when the size is not known. */
  double progress();

  @Override
  default void close() throws IOException {}
}
