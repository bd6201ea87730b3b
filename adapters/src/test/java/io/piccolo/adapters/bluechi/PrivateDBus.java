package io.piccolo.adapters.bluechi;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code dbus-daemon} for one test, on a socket in a temporary folder and with a
 * configuration of its own that lets anyone own any name (BlueChi's system-bus policy is not the
 * point here). {@link #stop()} kills it as a crash would; {@link #restart()} brings it back at the
 * same address. Without dbus-daemon installed the test fails and says how to install it.
 */
final class PrivateDBus implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final Thread killOnExit = new Thread(this::stop, "dbus-daemon-killer");
  private Process process;

  private PrivateDBus(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
  }

  static PrivateDBus start() {
    Path binary = findBinary();
    try {
      PrivateDBus bus = new PrivateDBus(binary, Files.createTempDirectory("piccolo-dbus-"));
      Files.writeString(bus.config(), bus.configuration());
      Runtime.getRuntime().addShutdownHook(bus.killOnExit);
      bus.restart();
      return bus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address clients connect to, {@code unix:path=...}. */
  String address() {
    return "unix:path=" + socket();
  }

  Path socket() {
    return dir.resolve("bus.socket");
  }

  /** Kills the daemon at once; every connection to it is cut. */
  synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the daemon (again) at the same address and returns once it listens. */
  synchronized void restart() {
    stop();
    try {
      // a killed daemon leaves its socket file behind, and would not bind over it
      Files.deleteIfExists(socket());
      process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config-file=" + config(),
                  "--nofork",
                  "--nopidfile",
                  "--print-address")
              .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("dbus.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // dbus-daemon prints its address once it is listening
    CompletableFuture<String> printed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      String line = printed.get(10, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("unix:path=" + socket())) {
        fail("dbus-daemon did not start (it printed " + line + "); see " + dir.resolve("dbus.log"));
      }
    } catch (Exception e) {
      fail("dbus-daemon did not print its address within 10 s; see " + dir.resolve("dbus.log"));
    }
  }

  @Override
  public synchronized void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // the hook runs or has run
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path config() {
    return dir.resolve("bus.conf");
  }

  private String configuration() {
    return """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path=%s</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*" eavesdrop="true"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """
        .formatted(socket());
  }

  private static Path findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "dbus-daemon")),
            Stream.of(Path.of("/usr/bin/dbus-daemon")))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    "dbus-daemon is not installed (looked on PATH and at /usr/bin/dbus-daemon);"
                        + " the BlueChi tests run a private D-Bus: run scripts/install-dbus.sh"
                        + " (the README's test command runs it), or install D-Bus (Debian/Ubuntu:"
                        + " apt-get install dbus)"));
  }
}
