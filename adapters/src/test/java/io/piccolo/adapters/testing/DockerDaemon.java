package io.piccolo.adapters.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Docker daemon (Debian's {@code docker.io}) for one test, started by hand since systemd is
 * not PID 1 here: its data, exec root and socket in a fresh temporary folder, and the host's
 * firewall and bridges left alone ({@code --iptables=false --bridge=none}), so containers get the
 * host's network or none. The local test image {@value PodmanService#IMAGE} is imported from the
 * root filesystem {@code scripts/install-podman.sh} builds. Without dockerd the test fails and says
 * what to install; it never skips.
 */
public final class DockerDaemon implements RuntimeUnderTest {
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dockerd;
  private final Path docker;
  private final Path dir;
  private final Thread cleanUpOnExit = new Thread(this::removeEverything, "dockerd-cleaner");
  private Process daemon;

  private DockerDaemon(Path dockerd, Path docker, Path dir) {
    this.dockerd = dockerd;
    this.docker = docker;
    this.dir = dir;
  }

  public static DockerDaemon start() {
    Path dockerd = find("dockerd", Path.of("/usr/sbin/dockerd"));
    // Debian's command first: it matches Debian's daemon.
    Path docker =
        Files.isExecutable(Path.of("/usr/bin/docker"))
            ? Path.of("/usr/bin/docker")
            : find("docker", Path.of("/usr/bin/docker"));
    Path rootfs = PodmanService.setupDir().resolve("busybox-rootfs.tar");
    if (!Files.isRegularFile(rootfs)) {
      fail(
          rootfs
              + " is missing: run scripts/install-podman.sh (the README's test command runs it)");
    }
    try {
      DockerDaemon daemon =
          new DockerDaemon(dockerd, docker, Files.createTempDirectory("piccolo-dockerd-"));
      Runtime.getRuntime().addShutdownHook(daemon.cleanUpOnExit);
      daemon.launch();
      daemon.cli("import", "--change", "CMD [\"/bin/sh\"]", rootfs.toString(), PodmanService.IMAGE);
      return daemon;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String socket() {
    return dir.resolve("docker.sock").toString();
  }

  @Override
  public String cli(String... args) {
    List<String> command = new ArrayList<>(List.of(docker.toString(), "-H", "unix://" + socket()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("docker " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running docker", e);
    }
  }

  @Override
  public JsonNode inspect(String container) {
    try {
      return JSON.readTree(cli("container", "inspect", container)).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean exists(String container) {
    return cli("ps", "-a", "--format", "{{.Names}}").lines().anyMatch(container::equals);
  }

  @Override
  public List<String> containers() {
    return cli("ps", "-a", "--filter", "label=io.piccolo.managed=true", "--format", "{{.Names}}")
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .toList();
  }

  @Override
  public synchronized void close() {
    removeEverything();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // The hook is running or has run.
    }
  }

  private void launch() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    daemon =
        new ProcessBuilder(
                dockerd.toString(),
                "--data-root",
                dir.resolve("data").toString(),
                "--exec-root",
                dir.resolve("exec").toString(),
                "--pidfile",
                dir.resolve("docker.pid").toString(),
                "--host",
                "unix://" + socket(),
                // The host's firewall and bridges belong to others: leave them alone.
                "--iptables=false",
                "--ip-forward=false",
                "--ip-masq=false",
                "--bridge=none")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
            .start();
    try {
      Awaitility.await("dockerd answering on " + socket())
          .pollInterval(Duration.ofMillis(100))
          .atMost(READY_WITHIN)
          .until(
              () -> {
                if (!daemon.isAlive()) {
                  fail(
                      "dockerd exited with status "
                          + daemon.exitValue()
                          + "; see "
                          + dir.resolve("dockerd.log"));
                }
                return answers();
              });
    } catch (ConditionTimeoutException e) {
      fail(
          "dockerd on "
              + socket()
              + " did not answer within "
              + READY_WITHIN
              + "; see "
              + dir.resolve("dockerd.log"));
    }
  }

  private boolean answers() {
    try {
      cli("version", "--format", "{{.Server.Version}}");
      return true;
    } catch (AssertionError notYet) {
      return false;
    }
  }

  private synchronized void removeEverything() {
    if (daemon != null) {
      try {
        String ids = cli("ps", "-aq");
        if (!ids.isBlank()) {
          List<String> rm = new ArrayList<>(List.of("rm", "-f"));
          rm.addAll(ids.lines().toList());
          cli(rm.toArray(String[]::new));
        }
      } catch (AssertionError e) {
        // Best effort: the daemon's folder is deleted below.
      }
      daemon.destroy();
      try {
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
          daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      daemon = null;
    }
    if (!Files.exists(dir)) {
      return;
    }
    PodmanService.unmountUnder(dir);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path find(String command, Path fallback) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, command)),
            Stream.of(fallback))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    command
                        + " is not installed; these tests run a real Docker daemon: run"
                        + " scripts/install-docker.sh (the README's test command runs it), or"
                        + " apt-get install docker.io"));
  }
}
