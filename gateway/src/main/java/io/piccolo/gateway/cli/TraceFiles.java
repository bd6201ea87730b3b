package io.piccolo.gateway.cli;

import io.piccolo.simulator.trace.CsvTraceWriter;
import io.piccolo.simulator.trace.TraceSource;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves a trace as CSV, the format {@code simulate --trace} reads back. */
final class TraceFiles {
  private TraceFiles() {}

  static void writeCsv(Path file, TraceSource trace) {
    SimulateCommand.requireFolder(file, "the trace");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CsvTraceWriter.write(trace, w);
    } catch (IOException e) {
      throw new UserError(UserError.BAD_INPUT, file + ": cannot write trace: " + e.getMessage());
    }
  }
}
