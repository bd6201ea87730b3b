package io.piccolo.simulator.trace;

import java.io.IOException;
import java.nio.file.Path;

/** Where a replay's samples come from: a file read as it is replayed, or samples in memory. */
public interface TraceSource {
  /** How messages and reports name the trace, e.g. its file. */
  String name();

  /** A fresh stream from the first sample; each replay opens its own. */
  SampleStream open() throws IOException;

  /** A trace file (CSV or JSON lines), read as it streams; errors name its lines. */
  static TraceSource file(Path file) {
    return new TraceSource() {
      @Override
      public String name() {
        return file.toString();
      }

      @Override
      public SampleStream open() throws IOException {
        return TraceReader.open(file);
      }
    };
  }
}
