package io.piccolo.gateway.cli;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.simulator.trace.Trace;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves a trace as CSV, the format {@code simulate --trace} reads back. */
final class TraceFiles {
  private TraceFiles() {}

  static void writeCsv(Path file, Trace trace) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("time,path,value\n");
      for (int i = 0; i < trace.size(); i++) {
        Object v = trace.value(i);
        String value =
            v instanceof String s ? "\"" + s.replace("\"", "\"\"") + "\"" : SignalValues.text(v);
        w.write(
            BigDecimal.valueOf(trace.time(i), 3).stripTrailingZeros().toPlainString()
                + ","
                + trace.path(i)
                + ","
                + value
                + "\n");
      }
    } catch (IOException e) {
      throw new UserError(UserError.BAD_INPUT, file + ": cannot write trace: " + e.getMessage());
    }
  }
}
