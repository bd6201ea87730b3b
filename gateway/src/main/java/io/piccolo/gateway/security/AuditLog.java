package io.piccolo.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail as JSON lines ({@code time}, {@code who}, {@code action}, {@code what}, {@code
 * result}) in one file, rotated by size: when a line would take the file past its maximum, {@code
 * audit.jsonl} becomes {@code audit.jsonl.1}, {@code .1} becomes {@code .2} and so on, and the
 * oldest beyond the count kept is removed. Lines are written on a thread of their own from a
 * bounded queue, so a slow disk never holds up a request; a full queue or a failed write is logged
 * and counted.
 */
public final class AuditLog implements Audit, AutoCloseable {
  public static final String FAILURES = "piccolo.audit.failures";
  public static final String RECORDS = "piccolo.audit.records";
  private static final int QUEUE = 10_000;

  private final Path file;
  private final long maxBytes;
  private final int keep;
  private final Clock clock;
  private final PrintWriter log;
  private final Counter failures;
  private final Counter records;
  private final ThreadPoolExecutor writer;
  private Writer out;
  private long size;
  private volatile boolean failing;

  /**
   * @param maxBytes the size past which the file is rotated
   * @param keep rotated files kept beside the current one
   * @param log where failures are reported
   */
  public AuditLog(
      Path file, long maxBytes, int keep, Clock clock, MeterRegistry meters, PrintWriter log) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
    this.clock = clock;
    this.log = log;
    this.failures =
        Counter.builder(FAILURES)
            .description("audit records that could not be written (each is also logged)")
            .register(meters);
    this.records = Counter.builder(RECORDS).description("audit records written").register(meters);
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "piccolo-audit");
              t.setDaemon(true);
              return t;
            });
  }

  /** An audit log for one short command, counting into a registry of its own. */
  public static AuditLog forCommand(Path file, long maxBytes, int keep, PrintWriter log) {
    return new AuditLog(file, maxBytes, keep, Clock.systemUTC(), new SimpleMeterRegistry(), log);
  }

  public Path file() {
    return file;
  }

  @Override
  public void record(String who, String action, String what, String result) {
    String line =
        new JsonObject()
                .put("time", clock.instant().toString())
                .put("who", who)
                .put("action", action)
                .put("what", what)
                .put("result", result)
                .encode()
            + "\n";
    try {
      writer.execute(() -> write(line));
    } catch (RejectedExecutionException e) {
      failed("the audit queue is full or closed; a record was lost: " + line.strip());
    }
  }

  /** Writes what is queued, then closes the file; waits at most {@code timeout}. */
  public void close(java.time.Duration timeout) {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        failed("the audit log did not finish writing within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeFile();
  }

  @Override
  public void close() {
    close(java.time.Duration.ofSeconds(10));
  }

  private void write(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    try {
      if (out == null) {
        open();
      }
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
      }
      out.write(line);
      out.flush();
      size += bytes.length;
      records.increment();
      if (failing) {
        failing = false;
        report("the audit log " + file + " is written again");
      }
    } catch (IOException e) {
      closeFile();
      failed("cannot write the audit log " + file + ": " + e.getMessage());
    }
  }

  private void open() throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null) {
      Files.createDirectories(folder);
    }
    out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    size = Files.size(file);
  }

  private void rotate() throws IOException {
    closeFile();
    Files.deleteIfExists(numbered(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (keep > 0) {
      Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(file);
    }
    open();
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  private void closeFile() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        failed("cannot close the audit log " + file + ": " + e.getMessage());
      }
      out = null;
    }
  }

  /** Counts every failure; logs the first of a run of them, so a broken disk does not flood. */
  private void failed(String message) {
    failures.increment();
    if (!failing) {
      failing = true;
      report(message + " (further failures are counted in piccolo_audit_failures_total)");
    }
  }

  private void report(String message) {
    synchronized (log) {
      log.println("piccolo: " + message);
      log.flush();
    }
  }
}
