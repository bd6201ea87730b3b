package io.piccolo.simulator.bench;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.simulator.generate.LoopedDrive;
import io.piccolo.simulator.trace.CsvTraceWriter;
import io.piccolo.simulator.trace.SampleStream;
import io.piccolo.simulator.trace.TraceSource;
import io.piccolo.simulator.trace.TraceTimes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code piccolo bench read}: how fast trace files are read, CSV and JSON lines, from the demo's
 * drive looped to N samples and written to a temporary folder. Every read must give back exactly
 * the samples written (times to the millisecond, paths, values), or the bench fails.
 */
public final class ReadBench {
  private static final int MEASURED_RUNS = 3;

  private final long samples;
  private final PrintWriter out;

  public ReadBench(long samples, PrintWriter out) {
    this.samples = samples;
    this.out = out;
  }

  /** One format's figures. */
  private record Figures(String format, long bytes, double samplesPerSecond, boolean exact) {
    String json() {
      return String.format(
          Locale.ROOT,
          "{\"bytes\": %d, \"samples_per_s\": %.0f, \"exact\": %b}",
          bytes,
          samplesPerSecond,
          exact);
    }
  }

  /**
   * Prints a table, then one JSON line.
   *
   * @return false when a read did not give back the samples written
   */
  public boolean run() throws Exception {
    LoopedDrive drive = new LoopedDrive(42, samples);
    long expected = checksum(drive);
    Path dir = Files.createTempDirectory("piccolo-bench-read");
    try {
      Path csv = dir.resolve("trace.csv");
      Path json = dir.resolve("trace.jsonl");
      try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        CsvTraceWriter.write(drive, w);
      }
      writeJsonLines(drive, json);
      List<Figures> figures = new ArrayList<>();
      figures.add(measure("csv", csv, expected));
      figures.add(measure("jsonl", json, expected));
      print(figures);
      return figures.stream().allMatch(Figures::exact);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private Figures measure(String format, Path file, long expected) throws Exception {
    TraceSource source = TraceSource.file(file);
    checksum(source); // warm-up
    checksum(source);
    List<Double> rates = new ArrayList<>();
    boolean exact = true;
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long start = System.nanoTime();
      long sum = checksum(source);
      rates.add(samples / ((System.nanoTime() - start) / 1e9));
      exact &= sum == expected;
    }
    rates.sort(Double::compare);
    return new Figures(format, Files.size(file), rates.get(rates.size() / 2), exact);
  }

  /** Every field of every sample folded into one number: equal only if all were read back. */
  private static long checksum(TraceSource source) throws Exception {
    long sum = 0;
    long n = 0;
    try (SampleStream in = source.open()) {
      while (in.next()) {
        Object v = in.value();
        long value =
            v instanceof Double d ? Double.doubleToLongBits(d) : String.valueOf(v).hashCode();
        sum = sum * 31 + in.time() * 17 + in.path().hashCode() * 13L + value;
        n++;
      }
    }
    return sum * 31 + n;
  }

  private static void writeJsonLines(TraceSource trace, Path file) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        SampleStream in = trace.open()) {
      while (in.next()) {
        Object v = in.value();
        w.write("{\"time\":");
        w.write(TraceTimes.seconds(in.time()));
        w.write(",\"path\":\"");
        w.write(in.path());
        w.write("\",\"value\":");
        w.write(v instanceof String s ? "\"" + s + "\"" : SignalValues.text(v));
        w.write("}\n");
      }
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private void print(List<Figures> figures) {
    out.printf(
        Locale.ROOT,
        "trace: the demo drive looped to %d samples; median of %d reads after warm-up%n%n",
        samples,
        MEASURED_RUNS);
    out.printf(Locale.ROOT, "%-8s %12s %14s %8s%n", "format", "bytes", "samples/s", "exact");
    for (Figures f : figures) {
      out.printf(
          Locale.ROOT,
          "%-8s %12d %14.0f %8s%n",
          f.format(),
          f.bytes(),
          f.samplesPerSecond(),
          f.exact() ? "yes" : "NO");
    }
    if (!figures.stream().allMatch(Figures::exact)) {
      out.println("FAILED: a read did not give back the samples written");
    }
    out.printf(
        Locale.ROOT,
        "{\"samples\": %d, \"csv\": %s, \"jsonl\": %s}%n",
        samples,
        figures.get(0).json(),
        figures.get(1).json());
    out.flush();
  }
}
