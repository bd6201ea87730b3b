package io.piccolo.adapters.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Docker daemon (Debian's {@code docker.io}) for one test, started by hand since systemd is
 * not PID 1 here: its data, exec root and socket in a fresh temporary folder, and the host's
 * firewall and bridges left alone ({@code --iptables=false --bridge=none}), so containers get the
 * host's network or none. The local test image {@value PodmanService#IMAGE} is imported from the
 * root filesystem {@code scripts/install-podman.sh} builds. Without dockerd the test fails and says
 * what to install; it never skips.
 */
public final class DockerDaemon extends RuntimeService {
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final String HOW_TO_INSTALL =
      "run scripts/install-docker.sh (the README's test command runs it), or apt-get install"
          + " docker.io";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dockerd;
  private final Path docker;

  private DockerDaemon(Path dockerd, Path docker) {
    super("piccolo-dockerd-", Duration.ofSeconds(20));
    this.dockerd = dockerd;
    this.docker = docker;
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
    DockerDaemon daemon = new DockerDaemon(dockerd, docker);
    daemon.launch();
    daemon.cli("import", "--change", "CMD [\"/bin/sh\"]", rootfs.toString(), PodmanService.IMAGE);
    return daemon;
  }

  @Override
  public String socket() {
    return dir.resolve("docker.sock").toString();
  }

  @Override
  public String cli(String... args) {
    List<String> command = new ArrayList<>(List.of(docker.toString(), "-H", "unix://" + socket()));
    command.addAll(List.of(args));
    return run(new ProcessBuilder(command), "docker " + String.join(" ", args));
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

  private void launch() {
    try {
      Files.createDirectories(dir.resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    startService(
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
            "--bridge=none"),
        "dockerd",
        READY_WITHIN,
        "dockerd must run as root with cgroups; " + HOW_TO_INSTALL);
  }

  /** Removes the containers while the daemon runs; its folder is deleted next. */
  @Override
  protected void removeContainers() {
    if (!serviceRuns()) {
      return;
    }
    try {
      String ids = cli("ps", "-aq");
      if (!ids.isBlank()) {
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(ids.lines().toList());
        cli(rm.toArray(String[]::new));
      }
    } catch (AssertionError e) {
      // Best effort: the daemon's folder is deleted next.
    }
  }

  private static Path find(String command, Path fallback) {
    return findBinary(
        command,
        fallback,
        command + " is not installed; these tests run a real Docker daemon: " + HOW_TO_INSTALL);
  }
}
