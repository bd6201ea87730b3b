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
import java.util.concurrent.TimeUnit;

/**
 * A real Podman API service for one test: {@code podman system service --time=0} on a socket in a
 * fresh temporary folder, with a store of its own there (root, run root and temporary folder), so
 * tests of several builds running at once never see each other's pods. The local test image {@value
 * #IMAGE} is imported into that store from the root filesystem {@code scripts/install-podman.sh}
 * builds, and the configuration that script writes ({@code containers.conf}: runc, cgroupfs, events
 * in a file, lowered ulimits) is used for the service and for {@link #podman(String...)}. Tests can
 * {@link #stop()} the service (the containers keep running, as they do when Podman's service stops)
 * and {@link #restart()} it. Without Podman or the script's files the test fails and says what to
 * run; it never skips.
 */
public final class PodmanService extends RuntimeService {
  /** The local test image: a root filesystem holding only a static busybox. */
  public static final String IMAGE = "localhost/piccolo/busybox:1";

  private static final Duration READY_WITHIN = Duration.ofSeconds(20);
  private static final String HOW_TO_FIX =
      "run scripts/install-podman.sh (the README's test command runs it): it installs Podman,"
          + " runc and busybox-static and writes containers.conf and busybox-rootfs.tar";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path podman;
  private final Path config;

  private PodmanService(Path podman, Path config) {
    super("piccolo-podman-", Duration.ofSeconds(10));
    this.podman = podman;
    this.config = config;
  }

  /**
   * Starts a service with an empty store holding only {@value #IMAGE}, and waits until it answers.
   */
  public static PodmanService start() {
    Path podman =
        findBinary(
            "podman",
            Path.of("/usr/bin/podman"),
            "podman is not installed (looked on PATH and at /usr/bin/podman); these tests"
                + " need a real Podman: "
                + HOW_TO_FIX);
    Path setup = setupDir();
    Path config = setup.resolve("containers.conf");
    Path rootfs = setup.resolve("busybox-rootfs.tar");
    if (!Files.isRegularFile(config) || !Files.isRegularFile(rootfs)) {
      fail(
          "Podman is not set up for PICCOLO's tests ("
              + config
              + " or "
              + rootfs
              + " is missing): "
              + HOW_TO_FIX);
    }
    PodmanService service = new PodmanService(podman, config);
    service.podman("import", "--change", "CMD [\"/bin/sh\"]", rootfs.toString(), IMAGE);
    service.restart();
    return service;
  }

  @Override
  public String socket() {
    return dir.resolve("podman.sock").toString();
  }

  /** Stops the API service, as an outage would; containers and the store stay. */
  public void stop() {
    stopService();
  }

  /** Starts the API service again on the same socket and store (stopping it first if it runs). */
  public synchronized void restart() {
    stop();
    startService(
        process(command("system", "service", "--time=0", "unix://" + socket())),
        "podman system service",
        READY_WITHIN,
        HOW_TO_FIX);
  }

  /**
   * Runs the {@code podman} command against this service's store, as an operator would, and returns
   * its output; fails the test on a non-zero exit. For checks only: the executors never run it.
   */
  public String podman(String... args) {
    return run(process(command(args)), "podman " + String.join(" ", args));
  }

  @Override
  public String cli(String... args) {
    return podman(args);
  }

  @Override
  public JsonNode inspect(String container) {
    return inspect("container", container);
  }

  @Override
  public boolean exists(String container) {
    return exists("container", container);
  }

  /** {@code podman inspect} of one container or pod, as JSON. */
  public JsonNode inspect(String kind, String name) {
    try {
      JsonNode all =
          JSON.readTree(
              kind.equals("pod")
                  ? podman("pod", "inspect", name)
                  : podman("container", "inspect", name));
      return all.isArray() ? all.get(0) : all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a container or pod of that name exists. */
  public boolean exists(String kind, String name) {
    try {
      Process p = process(command(kind, "exists", name)).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The names of the pods in this store. */
  public List<String> pods() {
    return lines(podman("pod", "ps", "--format", "{{.Name}}"));
  }

  @Override
  public List<String> containers() {
    return lines(
            podman(
                "ps",
                "-a",
                "--filter",
                "label=io.piccolo.managed=true",
                "--format",
                "{{.Names}} {{.IsInfra}}"))
        .stream()
        .filter(line -> line.endsWith(" false"))
        .map(line -> line.substring(0, line.length() - " false".length()))
        .toList();
  }

  /** Containers outlive the service: remove them with the command (the store's files go next). */
  @Override
  protected void removeContainers() {
    stop();
    quietly("pod", "rm", "--all", "--force", "--time", "0");
    quietly("rm", "--all", "--force", "--time", "0");
    quietly("rmi", "--all", "--force");
  }

  private void quietly(String... args) {
    try {
      Process p = process(command(args)).start();
      p.getInputStream().readAllBytes();
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // Best effort: the folder is deleted next.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(podman.toString());
    command.addAll(
        List.of(
            "--root", dir.resolve("root").toString(),
            "--runroot", dir.resolve("runroot").toString(),
            "--tmpdir", dir.resolve("tmp").toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** A process of the podman command, with this service's configuration. */
  private ProcessBuilder process(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CONTAINERS_CONF", config.toString());
    return builder;
  }

  private static List<String> lines(String out) {
    return out.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** Where scripts/install-podman.sh wrote containers.conf and the root filesystem. */
  static Path setupDir() {
    String dir = System.getenv("PICCOLO_PODMAN_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String config = System.getenv("XDG_CONFIG_HOME");
    Path base =
        config != null && !config.isBlank()
            ? Path.of(config)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("piccolo").resolve("podman");
  }
}
