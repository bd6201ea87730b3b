package io.piccolo.gateway.serve;

import io.piccolo.adapters.container.ApiResponse;
import io.piccolo.adapters.container.ContainerEvent;
import io.piccolo.adapters.container.UnixSocketApi;
import io.piccolo.adapters.podman.PodmanExecutor;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.state.ResourceKind;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code piccolo bench camera}: reverse gear to a running rear camera, end to end through a real
 * {@code serve} on the Podman runtime. Each run posts {@code CurrentGear = -1} over HTTP and ends
 * when Podman records the camera's container as started (its event's own time); the gear then
 * leaves reverse and the camera is terminated before the next run. Cold runs start from nothing;
 * warm runs from a Model prepared ahead ({@code spec.warm: true}). Each run is split where the
 * dispatcher calls the executor: before it is PICCOLO's (HTTP, evaluation, decision, dispatch),
 * after it the executor's calls on Podman's socket and Podman itself.
 */
public final class CameraBench {
  static final String MODEL = "bench-rear-camera";
  private static final String CONTAINER = MODEL + "_camera";
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";
  private static final String IMAGE = "localhost/piccolo/busybox:1";
  private static final int WARM_UP = 3;
  private static final long RUN_LIMIT_SECONDS = 30;

  /** The example rear camera rules (rules/camera/rear-camera.drl), on the bench's own Package. */
  private static final String DRL =
      """
      package bench.camera;
      declare RearCameraOn end
      rule "rear camera on in reverse"
      when
          Signal(path == "Vehicle.Powertrain.Transmission.CurrentGear", number < 0)
          not RearCameraOn()
      then
          insert(new RearCameraOn());
          actions.launch("bench-rear-camera");
      end
      rule "rear camera off out of reverse"
      when
          $on : RearCameraOn()
          Signal(path == "Vehicle.Powertrain.Transmission.CurrentGear", number >= 0)
      then
          delete($on);
          actions.terminate("bench-rear-camera");
      end
      """;

  private final Path socket;
  private final int runs;
  private final Settings settings;
  private final PrintWriter out;
  private java.net.Socket connection;
  private final BlockingQueue<Long> starts = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> calls = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> states = new LinkedBlockingQueue<>();

  /**
   * @param socket the Podman API socket, served by {@code podman system service}
   * @param runs measured runs of each kind, after {@value #WARM_UP} warm-up ones
   */
  public CameraBench(Path socket, int runs, Settings settings, PrintWriter out) {
    this.socket = socket;
    this.runs = runs;
    this.settings = settings;
    this.out = out;
  }

  /** What stops the bench before it measures: the runtime it needs is not there. */
  public static final class NoRuntime extends Exception {
    NoRuntime(String message) {
      super(message);
    }
  }

  /**
   * Runs the cold runs, then the warm ones; the figures go to the output.
   *
   * @return false when a run did not see its container start within 30 s
   */
  public boolean run() throws Exception {
    Vertx vertx = Vertx.vertx();
    UnixSocketApi podman = new UnixSocketApi(vertx, socket.toString());
    PiccoloServer server = null;
    Path scratch = java.nio.file.Files.createTempDirectory("piccolo-bench-camera");
    try {
      requirePodman(podman);
      removePod(podman);
      podman.follow(eventsUri(), Duration.ofSeconds(5), this::onEvent, ended -> {}).await();
      StateStore store = StateStores.inMemory();
      store.apply(ArtifactFile.read("bench-camera.yaml", workload(false)).artifacts());
      store.watchStates(
          ResourceKind.MODEL,
          all -> {
            String state = all.get(MODEL);
            if (state != null) {
              states.offer(state);
            }
          });
      server =
          new PiccoloServer(
              new RuleBaseBuilder().addDrl(new RuleSource("bench-camera.drl", DRL)).build(),
              store,
              settings
                  .with(Settings.SERVE_PORT, 0, "bench")
                  .with(Settings.RUNTIME, PodmanExecutor.NAME, "bench")
                  .with(Settings.RUNTIME_SOCKET, socket, "bench")
                  .with(Settings.RUNTIME_NODES, java.util.Map.of(), "bench")
                  // the bench's decisions stay out of the operator's audit log
                  .with(Settings.AUDIT_FILE, scratch.resolve("audit.jsonl"), "bench"),
              round -> {},
              new PrintWriter(new StringWriter()));
      server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      server
          .dispatch()
          .onCall(
              work -> {
                if (work.action().equals("launch")) {
                  calls.offer(epochNanos());
                }
              });
      out.println(
          "reverse gear → rear camera running, through serve on Podman ("
              + socket
              + "); "
              + runs
              + " runs each after "
              + WARM_UP
              + " warm-up ones");
      Figures cold = measure(server, "cold", "exited");
      store.apply(ArtifactFile.read("bench-camera.yaml", workload(true)).artifacts());
      await("the warm Model prepared", "created");
      Figures warm = measure(server, "warm", "created");
      if (cold == null || warm == null) {
        return false;
      }
      print(cold, warm);
      return true;
    } finally {
      if (connection != null) {
        connection.close();
      }
      if (server != null) {
        server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      removePod(podman);
      podman.close().await();
      vertx.close().await();
      try (var files = java.nio.file.Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void requirePodman(UnixSocketApi podman) throws NoRuntime {
    try {
      ApiResponse image =
          podman
              .call(
                  HttpMethod.GET,
                  "/v4.0.0/libpod/images/" + encode(IMAGE) + "/exists",
                  null,
                  Duration.ofSeconds(5))
              .await();
      if (!image.ok()) {
        throw new NoRuntime(
            "the image "
                + IMAGE
                + " is not in the store of the Podman on "
                + socket
                + ": run scripts/install-podman.sh, which builds it");
      }
    } catch (NoRuntime e) {
      throw e;
    } catch (Exception e) {
      throw new NoRuntime(
          "no Podman API answers on "
              + socket
              + " ("
              + e.getMessage()
              + "): start it with scripts/install-podman.sh, then CONTAINERS_CONF=..."
              + "/containers.conf podman system service --time=0 unix://"
              + socket
              + " (docs/operations.md#podman)");
    }
  }

  private static void removePod(UnixSocketApi podman) {
    try {
      podman
          .call(
              HttpMethod.DELETE,
              "/v4.0.0/libpod/pods/" + MODEL + "?force=true",
              null,
              Duration.ofSeconds(30))
          .await();
    } catch (Exception e) {
      // nothing to remove, or Podman is away: nothing the bench can do about it
    }
  }

  private static String eventsUri() {
    String filters =
        new JsonObject()
            .put("type", new io.vertx.core.json.JsonArray().add("container"))
            .put("event", new io.vertx.core.json.JsonArray().add("start"))
            .encode();
    return "/v4.0.0/libpod/events?stream=true&filters=" + encode(filters);
  }

  private void onEvent(io.vertx.core.buffer.Buffer line) {
    try {
      ContainerEvent e = ContainerEvent.parse(new JsonObject(line));
      if (e != null && "start".equals(e.action()) && CONTAINER.equals(e.attributes().get("name"))) {
        starts.offer(e.timeNano());
      }
    } catch (RuntimeException notAnEvent) {
      // a keep-alive or a line of another shape
    }
  }

  private Figures measure(PiccoloServer server, String kind, String readyState) throws Exception {
    List<Long> totals = new ArrayList<>();
    List<Long> ours = new ArrayList<>();
    for (int i = 0; i < WARM_UP + runs; i++) {
      starts.clear();
      calls.clear();
      long asked = epochNanos();
      gear(server, -1);
      Long called = calls.poll(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
      Long started = startedSince(asked);
      if (called == null || started == null) {
        out.println(
            kind
                + " run "
                + (i + 1)
                + ": "
                + (called == null
                    ? "no launch reached the executor"
                    : "the container never started")
                + " within "
                + RUN_LIMIT_SECONDS
                + " s");
        return null;
      }
      await("the camera running", "running");
      gear(server, 0);
      await("the camera terminated", readyState);
      if (i >= WARM_UP) {
        totals.add(started - asked);
        ours.add(called - asked);
      }
    }
    return new Figures(kind, totals, ours);
  }

  /** The first start Podman records at or after {@code asked}: its event stream may repeat one. */
  private Long startedSince(long asked) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
    while (true) {
      Long started = starts.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (started == null || started >= asked) {
        return started;
      }
    }
  }

  private void await(String what, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
    while (true) {
      String seen = states.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (seen == null) {
        throw new IllegalStateException(what + ": not within " + RUN_LIMIT_SECONDS + " s");
      }
      if (seen.equals(state)) {
        return;
      }
    }
  }

  /**
   * Posts one gear sample on a kept-alive connection, written by hand: the JDK's HTTP client hands
   * each request between threads, which costs milliseconds on a loaded machine and is none of
   * serve's time.
   */
  private void gear(PiccoloServer server, int gear) throws Exception {
    if (connection == null) {
      connection = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port());
      connection.setTcpNoDelay(true);
      connection.setSoTimeout((int) TimeUnit.SECONDS.toMillis(RUN_LIMIT_SECONDS));
    }
    byte[] body =
        ("[{\"path\":\"" + GEAR + "\",\"value\":" + gear + "}]").getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /api/v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    var out = connection.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = readAnswer(connection.getInputStream());
    if (!status.startsWith("HTTP/1.1 202")) {
      throw new IllegalStateException("serve answered the gear sample with " + status);
    }
  }

  /** Reads one answer (status line, headers, a body of Content-Length); returns the status line. */
  private static String readAnswer(java.io.InputStream in) throws java.io.IOException {
    String status = line(in);
    int length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes(length);
    return status;
  }

  private static String line(java.io.InputStream in) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new java.io.EOFException("serve closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static String workload(boolean warm) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Package",
        "metadata: {name: " + MODEL + "}",
        "spec:",
        "  warm: " + warm,
        "  models: [{name: " + MODEL + ", node: HPC}]",
        "---",
        "apiVersion: v1",
        "kind: Model",
        "metadata: {name: " + MODEL + "}",
        "spec:",
        "  terminationGracePeriodSeconds: 5",
        "  restartPolicy: Never",
        "  containers:",
        "    - name: camera",
        "      image: " + IMAGE,
        "      command: [\"/bin/sh\", \"-c\"]",
        "      args: [\"trap 'exit 0' TERM; sleep 2147483647 & wait\"]",
        "");
  }

  private void print(Figures cold, Figures warm) {
    out.printf(
        Locale.ROOT,
        "%-5s %14s %14s %14s%n",
        "",
        "total p50/p99",
        "PICCOLO p50/p99",
        "Podman p50/p99");
    for (Figures f : List.of(cold, warm)) {
      out.printf(
          Locale.ROOT,
          "%-5s %6.1f/%-6.1f ms %6.2f/%-6.2f ms %6.1f/%-6.1f ms%n",
          f.kind,
          ms(f.total(50)),
          ms(f.total(99)),
          ms(f.ours(50)),
          ms(f.ours(99)),
          ms(f.runtime(50)),
          ms(f.runtime(99)));
    }
    out.printf(
        Locale.ROOT,
        "PICCOLO's part p99 %.2f ms (budget 10 ms: %s); warm total p99 %.1f ms (budget 300 ms:"
            + " %s); FMVSS 111 allows 2.0 s from reverse to the image%n",
        ms(Math.max(cold.ours(99), warm.ours(99))),
        Math.max(cold.ours(99), warm.ours(99)) < 10_000_000 ? "met" : "missed",
        ms(warm.total(99)),
        warm.total(99) < 300_000_000 ? "met" : "missed");
    JsonObject json = new JsonObject().put("bench", "camera").put("runs", runs);
    for (Figures f : List.of(cold, warm)) {
      json.put(
          f.kind,
          new JsonObject()
              .put("total_p50_ms", ms(f.total(50)))
              .put("total_p99_ms", ms(f.total(99)))
              .put("piccolo_p50_ms", ms(f.ours(50)))
              .put("piccolo_p99_ms", ms(f.ours(99)))
              .put("runtime_p50_ms", ms(f.runtime(50)))
              .put("runtime_p99_ms", ms(f.runtime(99))));
    }
    out.println(json.encode());
    out.flush();
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  /** Wall-clock time in nanoseconds, the clock Podman stamps its events with. */
  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One kind's runs: reverse to started (total), and reverse to the executor's call (ours). */
  private record Figures(String kind, List<Long> totals, List<Long> ours) {
    long total(int percentile) {
      return percentile(totals, percentile);
    }

    long ours(int percentile) {
      return percentile(ours, percentile);
    }

    long runtime(int percentile) {
      List<Long> runtime = new ArrayList<>();
      for (int i = 0; i < totals.size(); i++) {
        runtime.add(totals.get(i) - ours.get(i));
      }
      return percentile(runtime, percentile);
    }

    private static long percentile(List<Long> values, int percentile) {
      List<Long> sorted = new ArrayList<>(values);
      sorted.sort(null);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
  }
}
