package io.piccolo.adapters.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the runtimes under test share: a service process ({@code podman system service}, {@code
 * dockerd}) with everything of its own in a fresh temporary folder, ready once it answers {@code
 * GET /_ping} on its socket, and removed with all it made when the test closes it (or the JVM
 * exits).
 */
abstract class RuntimeService implements RuntimeUnderTest {
  protected final Path dir;
  private final Duration stopWithin;
  private final Thread cleanUpOnExit;
  private Process service;

  /**
   * @param prefix the temporary folder's prefix, e.g. {@code piccolo-podman-}
   * @param stopWithin how long the service may take to stop before it is killed
   */
  protected RuntimeService(String prefix, Duration stopWithin) {
    try {
      this.dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.stopWithin = stopWithin;
    this.cleanUpOnExit = new Thread(this::removeEverything, prefix + "cleaner");
    Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
  }

  /** Removes the runtime's containers; the service may or may not run then. */
  protected abstract void removeContainers();

  /**
   * Starts the service on {@link #socket()} (a stale socket removed first), its output in the
   * folder's log, and waits until it answers {@code /_ping}; fails the test saying {@code howToFix}
   * when it exits or does not answer in time.
   */
  protected final synchronized void startService(
      ProcessBuilder command, String what, Duration readyWithin, String howToFix) {
    Path socket = Path.of(socket());
    try {
      Files.deleteIfExists(socket);
      service =
          command
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Awaitility.await(what + " answering on " + socket)
          .pollInterval(Duration.ofMillis(20))
          .atMost(readyWithin)
          .until(
              () -> {
                if (!service.isAlive()) {
                  fail(
                      what
                          + " exited with status "
                          + service.exitValue()
                          + lastLogLines()
                          + "\n"
                          + howToFix);
                }
                return Files.exists(socket) && answersPing(socket);
              });
    } catch (ConditionTimeoutException e) {
      stopService();
      fail(
          what
              + " on "
              + socket
              + " did not answer /_ping within "
              + readyWithin
              + lastLogLines()
              + "\n"
              + howToFix);
    }
  }

  /** Stops the service, killing it when it takes longer than it may; the folder stays. */
  protected final synchronized void stopService() {
    if (service == null) {
      return;
    }
    service.destroy();
    try {
      if (!service.waitFor(stopWithin.toMillis(), TimeUnit.MILLISECONDS)) {
        service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    service = null;
  }

  protected final synchronized boolean serviceRuns() {
    return service != null;
  }

  /** Runs a command line and returns its output; fails the test on a non-zero exit. */
  protected static String run(ProcessBuilder command, String what) {
    try {
      Process p = command.redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(what + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + what, e);
    }
  }

  /** Removes every container, stops the service and deletes its folder. */
  @Override
  public final synchronized void close() {
    removeEverything();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // The hook is running or has run.
    }
  }

  private synchronized void removeEverything() {
    if (!Files.exists(dir)) {
      return;
    }
    removeContainers();
    stopService();
    unmountUnder(dir);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The overlay driver may leave its folder mounted; a mounted folder cannot be deleted. */
  static void unmountUnder(Path dir) {
    try {
      List<String> mounts =
          Files.readAllLines(Path.of("/proc/self/mounts")).stream()
              .map(line -> line.split(" ")[1])
              .filter(point -> point.startsWith(dir.toString()))
              .sorted(Comparator.reverseOrder())
              .toList();
      for (String point : mounts) {
        new ProcessBuilder("umount", point)
            .redirectErrorStream(true)
            .start()
            .waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // Best effort: deleting reports what is left.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first executable {@code command} on PATH, else {@code fallback}; fails saying how. */
  static Path findBinary(String command, Path fallback, String whenMissing) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, command)),
            Stream.of(fallback))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(() -> fail(whenMissing));
  }

  private static boolean answersPing(Path socket) {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      channel.write(
          ByteBuffer.wrap(
              "GET /_ping HTTP/1.0\r\nHost: localhost\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(64);
      channel.read(answer);
      return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII)
          .matches("(?s)HTTP/1\\.[01] 200 .*");
    } catch (IOException notYetListening) {
      return false;
    }
  }

  private String lastLogLines() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return "; last lines of "
          + log()
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "; could not read " + log() + ": " + e;
    }
  }

  private Path log() {
    return dir.resolve("service.log");
  }
}
