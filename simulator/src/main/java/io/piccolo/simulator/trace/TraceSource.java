package io.piccolo.simulator.trace;

import java.io.IOException;
import java.nio.file.Path;

/** Where a replay's samples come from: a file read as it is replayed, or samples in memory. */
public interface TraceSource {
  /** How messages and reports name the trace, e.g. its file. */
  String name();

  /** A fresh stream from the first sample; each replay opens its own. */
  SampleStream open() throws IOException;

  /**
   * A trace file (CSV or JSON lines), read as it streams, a large one on a thread of its own ahead
   * of the replay; errors name its lines.
   */
  static TraceSource file(Path file) {
    return new TraceSource() {
      @Override
      public String name() {
        return file.toString();
      }

      @Override
      public SampleStream open() throws IOException {
        long bytes = java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.size(file) : -1;
        return ReadAhead.of(TraceReader.open(file), bytes);
      }
    };
  }
}
