package io.piccolo.gateway.bench;

import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.simulator.bench.LatencyRecorder;
import io.piccolo.simulator.remote.JsonRpcSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code piccolo bench serve}: a real {@code piccolo serve} in its own JVM on loopback, driven over
 * its WebSocket by a load generator in this one, beside the same rules and samples offered straight
 * to an engine in this process, so the gateway's cost shows. Each figure is checked for loss: every
 * sample accepted is evaluated, every rise decides once, every subscriber gets its event.
 */
public final class ServeBench {
  /** What to run; defaults are the figures {@code docs/benchmarks.md} reports. */
  public record Options(
      double seconds, int connections, int rate, int subscribers, int scenarios, int batch) {}

  private static final double WARM_UP_SECONDS = 2;
  private static final int RELOADS = 5;
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Options options;
  private final PrintWriter out;
  private final BenchRules rules;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** One line of the table: the gateway's figure and, where it has one, the engine's. */
  private record Row(
      String key,
      String figure,
      String unit,
      double gateway,
      Double engine,
      String target,
      String note) {}

  public ServeBench(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
    this.rules = new BenchRules(options.scenarios());
  }

  /** Runs every phase; false when a sample, decision or event went missing. */
  public boolean run() throws Exception {
    Path dir = Files.createTempDirectory("piccolo-bench-serve");
    Vertx vertx = Vertx.vertx();
    try {
      Path folder = rules.write(dir.resolve("rules"));
      RuleBase ruleBase = BenchRules.build(folder);
      Settings defaults = Settings.defaults();
      EngineFigures engine =
          new EngineFigures(
              ruleBase,
              rules,
              defaults.get(Settings.BATCH_LATENCY),
              defaults.get(Settings.QUEUE_CAPACITY));
      out.printf(
          "bench serve: %d scenarios, %.1f s per figure, %d cores; starting piccolo serve...%n",
          options.scenarios(), options.seconds(), Runtime.getRuntime().availableProcessors());
      out.flush();
      try (ServeProcess serve =
          new ServeProcess(
              List.of(
                  "--port", "0",
                  "--rules", folder.toString(),
                  "--store", dir.resolve("store").toString()),
              dir)) {
        int[] ready = serve.awaitReady();
        rows.add(
            new Row(
                "ready_ms", "ready after start", "ms", ready[1], null, "", "as serve reports it"));
        WebSocketClient client = client(vertx, options.subscribers() + 200);
        JsonRpcSocket main = await(connect(client, ready[0]));
        flood(vertx, serve, engine, List.of(main), "one_connection", "one connection");
        List<JsonRpcSocket> many = connect(client, ready[0], options.connections());
        flood(
            vertx, serve, engine, many, "many_connections", options.connections() + " connections");
        closeAll(many);
        latency(serve, engine, main);
        reloadUnderLoad(ready[0], folder, main);
        idleSubscribers(serve, client, ready[0], main);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      deleteTree(dir);
    }
    print();
    return problems.isEmpty();
  }

  private void flood(
      Vertx vertx,
      ServeProcess serve,
      EngineFigures engine,
      List<JsonRpcSocket> connections,
      String key,
      String how)
      throws Exception {
    JsonObject before = status(connections.get(0));
    Cpu cpu = new Cpu(serve);
    long start = System.nanoTime();
    Flood flood = new Flood(vertx, rules, options.batch());
    long accepted = flood.run(connections, options.seconds());
    double published = accepted / seconds(start);
    JsonObject after = status(connections.get(0));
    double sustained = accepted / seconds(start);
    checkNoneLost(before, after, accepted, how);
    double engineRate = engine.throughput(Math.min(accepted, 5_000_000));
    rows.add(
        new Row(
            key,
            "signals/s over " + how,
            "samples/s",
            sustained,
            engineRate,
            "≥ 100000",
            String.format(
                "published %.0f/s, %d refusals by a full queue; %s",
                published, flood.refusals(), cpu.shares())));
  }

  /**
   * Sample-to-decision latency at the configured rate, the rises spread evenly over time, then with
   * every signal rising in the same round (a burst of one decision per scenario).
   */
  private void latency(ServeProcess serve, EngineFigures engine, JsonRpcSocket connection)
      throws Exception {
    String at = " at " + options.rate() + " signals/s";
    Latencies spread = latencies(serve, engine, connection, true);
    rows.add(
        new Row(
            "latency_p50_ms",
            "p50 sample → decision" + at,
            "ms",
            spread.serve().percentileMicros(50) / 1000,
            spread.engine().percentileMicros(50) / 1000,
            "",
            spread.cpu()));
    rows.add(
        new Row(
            "latency_p99_ms",
            "p99 sample → decision" + at,
            "ms",
            spread.serve().percentileMicros(99) / 1000,
            spread.engine().percentileMicros(99) / 1000,
            "< 2",
            "max " + String.format("%.2f ms", spread.serve().percentileMicros(100) / 1000)));
    Latencies burst = latencies(serve, engine, connection, false);
    rows.add(
        new Row(
            "burst_p99_ms",
            "p99, all " + rules.scenarios() + " signals rising together",
            "ms",
            burst.serve().percentileMicros(99) / 1000,
            burst.engine().percentileMicros(99) / 1000,
            "",
            String.format(
                "p50 %.2f ms, max %.2f ms; %s",
                burst.serve().percentileMicros(50) / 1000,
                burst.serve().percentileMicros(100) / 1000,
                burst.cpu())));
  }

  /** The gateway's and the engine's latencies on one wave, and the CPU shares meanwhile. */
  private record Latencies(LatencyRecorder serve, LatencyRecorder engine, String cpu) {}

  private Latencies latencies(
      ServeProcess serve, EngineFigures engine, JsonRpcSocket connection, boolean spread)
      throws Exception {
    String how = spread ? "latency" : "latency, signals rising together";
    Pulse pulse = new Pulse(rules, new PulseWave(rules, spread));
    connection.onNotification(decisionsTo(pulse));
    String subscription = subscribeToDecisions(connection);
    await(connection.result("signal.publish", rules.resetParams()));
    status(connection);
    AtomicLong refused = new AtomicLong();
    Pulse.Sender send = publisher(connection, refused);
    long next = pulse.run(0, options.rate(), WARM_UP_SECONDS, null, send);
    LatencyRecorder recorder = new LatencyRecorder(capacityFor(options.rate(), options.seconds()));
    Cpu cpu = new Cpu(serve);
    pulse.run(next, options.rate(), options.seconds(), recorder, send);
    String shares = cpu.shares();
    if (!awaitMatched(pulse) || refused.get() > 0 || pulse.unmatched() > 0) {
      problems.add(
          String.format(
              "%s: %d of %d rises decided, %d decisions answered no rise, %d publishes refused",
              how, pulse.matched(), pulse.expected(), pulse.unmatched(), refused.get()));
    }
    unsubscribe(connection, subscription);
    EngineFigures.Latency alone =
        engine.latency(spread, options.rate(), WARM_UP_SECONDS, options.seconds());
    if (alone.undecided() != null) {
      problems.add(how + ", engine alone: " + alone.undecided() + " rises decided");
    }
    return new Latencies(recorder, alone.recorder(), shares);
  }

  /**
   * Rule reloads while samples flow at the latency figure's rate: each reload uploads the rule file
   * again with one more comment line (a new rule base, the same scenarios), and every sample must
   * still be evaluated once and every rise decided once across the swaps.
   */
  private void reloadUnderLoad(int port, Path folder, JsonRpcSocket connection) throws Exception {
    Pulse pulse = new Pulse(rules, new PulseWave(rules, true));
    connection.onNotification(decisionsTo(pulse));
    String subscription = subscribeToDecisions(connection);
    await(connection.result("signal.publish", rules.resetParams()));
    JsonObject before = status(connection);
    Reloads reloads = new Reloads(port, folder.resolve(BenchRules.FILE), RELOADS);
    Thread uploader = new Thread(reloads, "piccolo-bench-reloads");
    AtomicLong refused = new AtomicLong();
    Pulse.Sender send = publisher(connection, refused);
    uploader.start();
    long sent = pulse.run(0, options.rate(), Math.max(options.seconds(), 3), null, send);
    uploader.join(TimeUnit.MINUTES.toMillis(2));
    JsonObject after = status(connection);
    checkNoneLost(before, after, sent, "reload under load");
    if (!awaitMatched(pulse) || pulse.unmatched() > 0 || refused.get() > 0) {
      problems.add(
          String.format(
              "reload under load: %d of %d rises decided, %d decided twice or unasked, %d"
                  + " publishes refused",
              pulse.matched(), pulse.expected(), pulse.unmatched(), refused.get()));
    }
    if (reloads.failure() != null) {
      problems.add("reload under load: " + reloads.failure());
    }
    unsubscribe(connection, subscription);
    rows.add(
        new Row(
            "reload_under_load_ms",
            reloads.done() + " reloads at " + options.rate() + " signals/s: p50",
            "ms",
            reloads.medianMillis(),
            null,
            "zero lost",
            String.format(
                "%d samples, each evaluated once; %d rises, each decided once",
                sent, pulse.expected())));
  }

  /** Subscribes {@code connection} to every decision; the subscription's id. */
  private static String subscribeToDecisions(JsonRpcSocket connection) throws Exception {
    return await(connection.result("events.subscribe", "{\"kinds\":[\"decision\"]}"))
        .getString("subscription");
  }

  private static void unsubscribe(JsonRpcSocket connection, String subscription) throws Exception {
    connection.onNotification(ignored -> {});
    await(
        connection.result(
            "events.unsubscribe", new JsonObject().put("subscription", subscription).encode()));
  }

  /** Publishes latency samples over {@code connection}, counting those the server refused. */
  private Pulse.Sender publisher(JsonRpcSocket connection, AtomicLong refused) {
    return (wave, from, to) ->
        connection
            .call("signal.publish", rules.publishParams(from, to, wave::value))
            .onSuccess(
                answer -> {
                  if (answer.containsKey("error")) {
                    refused.incrementAndGet();
                  }
                });
  }

  /** Hands each decision notification to {@code pulse}, stamped as it arrives. */
  private static java.util.function.Consumer<JsonObject> decisionsTo(Pulse pulse) {
    return n -> {
      long now = System.nanoTime();
      JsonObject params = n.getJsonObject("params");
      if ("decision".equals(params.getString("kind"))) {
        JsonObject event = params.getJsonObject("event");
        pulse.decided(event.getString("scenario", ""), rise(event.getJsonObject("params")), now);
      }
    };
  }

  private void idleSubscribers(
      ServeProcess serve, WebSocketClient client, int port, JsonRpcSocket main) throws Exception {
    long before = serve.residentBytes();
    List<JsonRpcSocket> idle = connect(client, port, options.subscribers());
    AtomicLong received = new AtomicLong();
    List<Future<JsonObject>> subscribed = new ArrayList<>();
    for (JsonRpcSocket s : idle) {
      s.onNotification(n -> received.incrementAndGet());
      subscribed.add(
          s.result("events.subscribe", "{\"kinds\":[\"decision\"],\"scenario\":\"bench-0\"}"));
    }
    await(Future.all(subscribed));
    long connected = serve.residentBytes();
    await(main.result("signal.publish", "{\"path\":\"" + rules.path(0) + "\",\"value\":0}"));
    long start = System.nanoTime();
    await(main.result("signal.publish", "{\"path\":\"" + rules.path(0) + "\",\"value\":1}"));
    long deadline = start + TimeUnit.SECONDS.toNanos(30);
    while (received.get() < idle.size() && System.nanoTime() < deadline) {
      Thread.sleep(1); // polling a counter, not waiting for a fixed time
    }
    double fanOut = seconds(start) * 1000;
    long after = serve.residentBytes();
    if (received.get() != idle.size()) {
      problems.add(received.get() + " of " + idle.size() + " subscribers got the decision");
    }
    closeAll(idle);
    rows.add(
        new Row(
            "idle_subscribers_rss_mib",
            options.subscribers() + " idle subscribers: server RSS",
            "MiB",
            connected / 1048576.0,
            null,
            "bounded",
            String.format(
                "%.0f MiB before connecting (%.1f KiB per subscriber); %.0f MiB after one"
                    + " decision reached all in %.1f ms",
                before / 1048576.0,
                (connected - before) / 1024.0 / idle.size(),
                after / 1048576.0,
                fanOut)));
  }

  private void checkNoneLost(JsonObject before, JsonObject after, long accepted, String how) {
    long in = count(after, "accepted") - count(before, "accepted");
    long evaluated = count(after, "evaluated") - count(before, "evaluated");
    if (in != accepted || evaluated != accepted) {
      problems.add(
          String.format(
              "%s: client counted %d accepted, server %d accepted and %d evaluated",
              how, accepted, in, evaluated));
    }
  }

  private static long count(JsonObject status, String field) {
    return status.getJsonObject("samples").getLong(field, -1L);
  }

  /** {@code rules.status}: answered once every sample accepted so far was evaluated. */
  private static JsonObject status(JsonRpcSocket connection) throws Exception {
    return await(connection.result("rules.status", "{}"));
  }

  /** The rise number a decision's params carry; 0 when they carry none. */
  private static long rise(JsonObject params) {
    Object rise = params == null ? null : params.getValue(BenchRules.RISE_PARAM);
    return rise instanceof Number n ? n.longValue() : 0;
  }

  static boolean awaitMatched(Pulse pulse) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pulse.matched() < pulse.expected() && System.nanoTime() < deadline) {
      Thread.sleep(1); // polling a counter, not waiting for a fixed time
    }
    return pulse.matched() == pulse.expected();
  }

  /** Room for every rise at {@code rate}, with slack for late ones. */
  static int capacityFor(int rate, double seconds) {
    return (int)
        Math.min(
            Integer.MAX_VALUE - 8, (long) (rate * seconds / BenchRules.PULSE_PERIOD * 2) + 10_000);
  }

  /** A client that may hold as many connections as the benchmark opens. */
  private static WebSocketClient client(Vertx vertx, int connections) {
    return vertx.createWebSocketClient(
        new WebSocketClientOptions()
            .setMaxConnections(connections)
            .setMaxFrameSize(16 << 20)
            .setMaxMessageSize(64 << 20));
  }

  private static Future<JsonRpcSocket> connect(WebSocketClient client, int port) {
    return JsonRpcSocket.open(
        client, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port));
  }

  private static List<JsonRpcSocket> connect(WebSocketClient client, int port, int count)
      throws Exception {
    List<Future<JsonRpcSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connecting.add(connect(client, port));
    }
    await(Future.all(connecting));
    List<JsonRpcSocket> out = new ArrayList<>();
    connecting.forEach(f -> out.add(f.result()));
    return out;
  }

  private static void closeAll(List<JsonRpcSocket> connections) throws Exception {
    List<Future<Void>> closing = new ArrayList<>();
    connections.forEach(c -> closing.add(c.close()));
    await(Future.join(closing));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  /** CPU used by this process and by the server since it was made, as shares of the machine. */
  private static final class Cpu {
    private final ServeProcess serve;
    private final long start = System.nanoTime();
    private final long generator = OS.getProcessCpuTime();
    private final double server;

    Cpu(ServeProcess serve) throws java.io.IOException {
      this.serve = serve;
      this.server = serve.cpuSeconds();
    }

    String shares() throws java.io.IOException {
      double wall = seconds(start) * Runtime.getRuntime().availableProcessors();
      return String.format(
          "CPU: server %.0f %%, load generator %.0f %% of the machine",
          100 * (serve.cpuSeconds() - server) / wall,
          100 * ((OS.getProcessCpuTime() - generator) / 1e9) / wall);
    }
  }

  private void print() {
    out.printf("%-46s %14s %14s %10s  %s%n", "figure", "serve", "engine alone", "target", "note");
    for (Row r : rows) {
      out.printf(
          "%-46s %14s %14s %10s  %s%n",
          r.figure(),
          format(r.gateway(), r.unit()),
          r.engine() == null ? "" : format(r.engine(), r.unit()),
          r.target(),
          r.note());
    }
    problems.forEach(p -> out.println("LOST: " + p));
    JsonObject json =
        new JsonObject()
            .put("bench", "serve")
            .put("scenarios", options.scenarios())
            .put("cores", Runtime.getRuntime().availableProcessors());
    for (Row r : rows) {
      JsonObject figure =
          new JsonObject()
              .put("figure", r.figure())
              .put("unit", r.unit())
              .put("serve", r.gateway());
      if (r.engine() != null) {
        figure.put("engine", r.engine());
      }
      json.put(r.key(), figure.put("note", r.note()));
    }
    json.put("lost", new io.vertx.core.json.JsonArray(problems));
    out.println(json.encode());
    out.flush();
  }

  private static String format(double value, String unit) {
    return unit.equals("ms") ? String.format("%.2f ms", value) : String.format("%,.0f", value);
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
