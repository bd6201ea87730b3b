package io.piccolo.simulator.trace;

import io.piccolo.engine.fact.SignalValues;
import java.io.IOException;
import java.io.Writer;

/** Writes a trace as CSV, the format {@link TraceReader} reads back, sample by sample. */
public final class CsvTraceWriter {
  private CsvTraceWriter() {}

  /**
   * @return the samples written
   */
  public static long write(TraceSource trace, Writer out) throws IOException {
    long n = 0;
    out.write("time,path,value\n");
    try (SampleStream in = trace.open()) {
      while (in.next()) {
        Object v = in.value();
        out.write(TraceTimes.seconds(in.time()));
        out.write(',');
        out.write(in.path());
        out.write(',');
        out.write(
            v instanceof String s ? "\"" + s.replace("\"", "\"\"") + "\"" : SignalValues.text(v));
        out.write('\n');
        n++;
      }
    } catch (TraceFormatException e) {
      throw new IOException(e.getMessage(), e);
    }
    out.flush();
    return n;
  }
}
