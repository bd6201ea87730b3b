package io.piccolo.connectors.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd server for one test: its own free loopback ports and a fresh temporary folder (data
 * in {@code data/}, etcd's output in {@code etcd.log}), so several can run at once. Tests can
 * {@link #stop()} it to simulate an outage and {@link #restart()} it on the same ports and data.
 * Without etcd installed the test fails and says how to install it; it never skips.
 */
public final class EtcdServer implements AutoCloseable {
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(10);
  private static final int LOG_LINES_SHOWN = 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofMillis(500))
          .build();

  private final Path binary;
  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private final Thread killOnExit = new Thread(this::stop, "etcd-killer");
  private Process process;

  private EtcdServer(Path binary, Path dir, int clientPort, int peerPort) {
    this.binary = binary;
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** Starts etcd on fresh ports with an empty data folder and waits until it is healthy. */
  public static EtcdServer start() {
    Path binary = findBinary();
    try {
      EtcdServer server =
          new EtcdServer(
              binary, Files.createTempDirectory("piccolo-etcd-"), freePort(), freePort());
      // Without the hook an aborted test run would leave etcd running.
      Runtime.getRuntime().addShutdownHook(server.killOnExit);
      server.restart();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The client URL, for {@code Client.builder().endpoints(...)}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** Kills etcd at once, as a crash or outage would; its data stays for {@link #restart()}. */
  /** A key as etcd holds it, read with a client of its own; fails the test when it is absent. */
  public KeyValue read(String key) throws Exception {
    try (Client client = Client.builder().endpoints(endpoint()).build()) {
      List<KeyValue> kvs =
          client
              .getKVClient()
              .get(ByteSequence.from(key, StandardCharsets.UTF_8))
              .get(30, TimeUnit.SECONDS)
              .getKvs();
      if (kvs.isEmpty()) {
        fail("etcd holds no key " + key);
      }
      return kvs.get(0);
    }
  }

  /** etcd's current revision: one more for every write transaction. */
  public long revision() throws Exception {
    try (Client client = Client.builder().endpoints(endpoint()).build()) {
      return client
          .getKVClient()
          .get(ByteSequence.from("\0", StandardCharsets.UTF_8))
          .get(30, TimeUnit.SECONDS)
          .getHeader()
          .getRevision();
    }
  }

  /** A key's value as text. */
  public String value(String key) throws Exception {
    return read(key).getValue().toString(StandardCharsets.UTF_8);
  }

  /** Runs {@code etcdctl} against this server, as an operator would; fails on a non-zero exit. */
  public void etcdctl(String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("etcdctl", "--endpoints=" + endpoint()));
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: " + out);
    }
  }

  public synchronized void stop() {
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

  /** Starts etcd again on the same ports and data folder (stopping it first if it runs). */
  public synchronized void restart() {
    stop();
    String name = "piccolo";
    String peer = "http://127.0.0.1:" + peerPort;
    ProcessBuilder builder =
        new ProcessBuilder(
                binary.toString(),
                "--name=" + name,
                "--data-dir=" + dir.resolve("data"),
                "--listen-client-urls=" + endpoint(),
                "--advertise-client-urls=" + endpoint(),
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=" + name + "=" + peer,
                // A lone member still waits one election timeout (1 s by default) to lead, at
                // every start; on loopback with no peers a tenth of that is safe.
                "--heartbeat-interval=10",
                "--election-timeout=100",
                // etcd 3.4 defaults to capnslog and warns on every line that it is deprecated.
                "--logger=zap",
                "--log-outputs=stderr")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    String goArch = goArch();
    if (!List.of("amd64", "ppc64le").contains(goArch)) {
      // etcd 3.4 refuses to start on other architectures (arm64 included) unless told to.
      builder.environment().put("ETCD_UNSUPPORTED_ARCH", goArch);
    }
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitHealthy();
  }

  /** Kills etcd and deletes its folder. */
  @Override
  public synchronized void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // The hook is running or has run; nothing to remove.
    }
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy() {
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
            .timeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("etcd exited with status " + process.exitValue() + lastLogLines());
      }
      try {
        HttpResponse<String> response = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException notYetListening) {
        // Poll again below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stop();
    fail("etcd at " + endpoint() + " was not healthy within " + HEALTHY_WITHIN + lastLogLines());
  }

  private String lastLogLines() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size());
      return "; last lines of " + log() + ":\n" + String.join("\n", last);
    } catch (IOException e) {
      return "; could not read " + log() + ": " + e;
    }
  }

  private Path log() {
    return dir.resolve("etcd.log");
  }

  private static Path findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    Stream<Path> candidates =
        Stream.concat(
            Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "etcd")),
            Stream.of(Path.of("/usr/bin/etcd")));
    return candidates
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    "etcd is not installed (looked on PATH and at /usr/bin/etcd); these tests need"
                        + " a real etcd server: run scripts/install-etcd.sh (the README's test"
                        + " command runs it), or install etcd 3.4+ so that etcd is on PATH"));
  }

  /** A port that was free a moment ago; etcd binds it right after, so a clash is unlikely. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Java's name for the architecture, as Go (and so etcd) spells it. */
  private static String goArch() {
    String arch = System.getProperty("os.arch");
    switch (arch) {
      case "x86_64":
        return "amd64";
      case "aarch64":
        return "arm64";
      default:
        return arch;
    }
  }
}
