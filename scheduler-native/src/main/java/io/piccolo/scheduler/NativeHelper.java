package io.piccolo.scheduler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The native helper process ({@code timpani-helper}, built by gcc with this module and carried in
 * its jar) and its line protocol: one request line, one reply line; {@code event} lines whenever
 * the helper has one. A helper that crashes or is killed fails the requests in flight and those
 * after; the JVM goes on.
 */
final class NativeHelper implements AutoCloseable {
  private static final String RESOURCE = "/io/piccolo/scheduler/helper/timpani-helper";
  private static final long REPLY_TIMEOUT_SECONDS = 5;
  private static final String GONE = "GONE";

  /** The reader thread's name, as the kernel shows it ({@code comm}: at most 15 characters). */
  static final String READER = "timpani-events";

  private final Process process;
  private final Writer requests;
  private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);
  private final Path folder;
  private volatile boolean closed;

  private NativeHelper(Process process, Path folder, Consumer<String> events) {
    this.process = process;
    this.folder = folder;
    this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    Thread reader = new Thread(() -> read(events), READER);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * @param events told each event line, without its {@code event } prefix, on the helper's reader
   *     thread
   */
  static NativeHelper start(Consumer<String> events) throws IOException {
    Path folder = Files.createTempDirectory("piccolo-timpani-");
    Path binary = folder.resolve("timpani-helper");
    try (InputStream in = NativeHelper.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "this build carries no TIMPANI helper ("
                + RESOURCE
                + "): gcc was missing when it was built; install it (scripts/install-timpani.sh)"
                + " and build again (./mvnw -B -q -DskipTests package -pl gateway -am)");
      }
      Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
    Process process =
        new ProcessBuilder(binary.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new NativeHelper(process, folder, events);
  }

  private void read(Consumer<String> events) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("event ")) {
          try {
            events.accept(line.substring(6));
          } catch (RuntimeException e) {
            System.getLogger(NativeHelper.class.getName())
                .log(System.Logger.Level.WARNING, "a TIMPANI event was not handled: " + e, e);
          }
        } else {
          replies.put(line);
        }
      }
    } catch (IOException | InterruptedException e) {
      // the helper is gone; requests see it
    }
    replies.offer("err " + GONE + " the TIMPANI helper exited");
  }

  /**
   * Sends one request and waits for its reply.
   *
   * @return what followed {@code ok}
   * @throws HelperException with the kernel's error, or {@code GONE} when the helper is not there
   */
  synchronized String request(String line) throws HelperException {
    if (closed || !process.isAlive()) {
      throw new HelperException(GONE, "the TIMPANI helper is not running");
    }
    String reply;
    try {
      requests.write(line);
      requests.write('\n');
      requests.flush();
      reply = replies.poll(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new HelperException(GONE, "the TIMPANI helper is not running: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HelperException(GONE, "interrupted while waiting for the TIMPANI helper");
    }
    if (reply == null) {
      throw new HelperException(
          GONE, "the TIMPANI helper did not answer within " + REPLY_TIMEOUT_SECONDS + " s");
    }
    if (reply.equals("ok")) {
      return "";
    }
    if (reply.startsWith("ok ")) {
      return reply.substring(3);
    }
    String[] parts = reply.split(" ", 3);
    throw new HelperException(
        parts.length > 1 ? parts[1] : "EOTHER", parts.length > 2 ? parts[2] : reply);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    closed = true;
    try {
      process.getOutputStream().close();
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(folder.resolve("timpani-helper"));
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
