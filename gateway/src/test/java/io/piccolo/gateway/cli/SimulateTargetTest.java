package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.serve.PiccoloServer;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** simulate --target against a real serve: the same decisions as offline, and clear failures. */
@Timeout(120)
class SimulateTargetTest {
  private static final List<Path> RULES =
      List.of(
          Cli.REPO.resolve("rules/media"),
          Cli.REPO.resolve("rules/camera"),
          Cli.REPO.resolve("rules/policies"));

  // three seconds: video allowed, stopped, denied while moving, the rear camera on and off
  private static final String TRACE =
      """
      time,path,value
      0,Vehicle.Speed,0
      0,Vehicle.Powertrain.Transmission.CurrentGear,0
      0.3,Vehicle.Cabin.Infotainment.Media.Action,PLAY
      0.8,Vehicle.Cabin.Infotainment.Media.Action,STOP
      1.2,Vehicle.Speed,40
      1.6,Vehicle.Cabin.Infotainment.Media.Action,PLAY
      2.0,Vehicle.Speed,0
      2.4,Vehicle.Powertrain.Transmission.CurrentGear,-1
      2.9,Vehicle.Powertrain.Transmission.CurrentGear,0
      """;

  @TempDir Path dir;

  private PiccoloServer serve() throws Exception {
    return serve(RuleSet.load(RULES).builder().build(), Settings.defaults());
  }

  private PiccoloServer serve(io.piccolo.engine.rulebase.RuleBase rules, Settings settings)
      throws Exception {
    var store = StateStores.file(dir.resolve("store.json"));
    if (store.list("Package").isEmpty()) {
      // the Packages and Models the rules act on, as an operator applies them before serving
      Path workloads = Cli.REPO.resolve("rules/workloads.yaml");
      store.apply(
          io.piccolo.connectors.artifact.ArtifactFile.read(
                  workloads.toString(), Files.readString(workloads))
              .artifacts());
    }
    PiccoloServer server =
        new PiccoloServer(
            rules,
            store,
            settings.with(Settings.SERVE_PORT, 0, "test"),
            round -> {},
            new PrintWriter(new StringWriter(), true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return server;
  }

  private static void stop(PiccoloServer server) throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static List<JsonObject> decisions(Cli cli) {
    return Arrays.stream(cli.outLines()).map(JsonObject::new).toList();
  }

  private static String what(JsonObject d) {
    return String.join(
        " | ",
        d.getString("scenario"),
        d.getString("action"),
        d.getString("target"),
        d.getString("decision"),
        String.valueOf(d.getString("reason")));
  }

  @Test
  void atSpeedOneTheServersDecisionsEqualTheOfflineOnesWithin50Milliseconds() throws Exception {
    Path trace = Files.writeString(dir.resolve("short.csv"), TRACE);
    List<String> ruleArgs = new ArrayList<>(List.of("simulate", "--trace", trace.toString()));
    RULES.forEach(r -> ruleArgs.addAll(List.of("--rules", r.toString())));
    Cli offline = Cli.run(ruleArgs.toArray(String[]::new));
    assertEquals(0, offline.exitCode(), offline::toString);
    List<JsonObject> expected = decisions(offline);
    assertEquals(5, expected.size(), offline::toString);

    // a first server warms this JVM's code paths (class loading, JIT), as a running serve is;
    // the compared replay then goes into a second, fresh server whose state is as offline's
    PiccoloServer warmUp = serve();
    try {
      Cli first =
          Cli.run(
              "simulate",
              "--target",
              "http://127.0.0.1:" + warmUp.port(),
              "--trace",
              trace.toString(),
              "--speed",
              "max");
      assertEquals(0, first.exitCode(), first::toString);
    } finally {
      stop(warmUp);
    }
    PiccoloServer server = serve();
    try {
      Cli live =
          Cli.run(
              "simulate",
              "--target",
              "http://127.0.0.1:" + server.port(),
              "--trace",
              trace.toString(),
              "--speed",
              "1");
      assertEquals(0, live.exitCode(), live::toString);
      List<JsonObject> got = decisions(live);
      assertEquals(
          expected.stream().map(SimulateTargetTest::what).toList(),
          got.stream().map(SimulateTargetTest::what).toList(),
          live::toString);
      // a batch this machine sent late shifts its decision by as much: that is not the server's
      java.util.regex.Matcher late =
          java.util.regex.Pattern.compile("sent at most ([0-9.]+) ms after").matcher(live.err());
      assertTrue(late.find(), live::toString);
      double allowed = 0.050 + Double.parseDouble(late.group(1)) / 1000;
      for (int i = 0; i < expected.size(); i++) {
        double offBy = Math.abs(got.get(i).getDouble("time") - expected.get(i).getDouble("time"));
        assertTrue(
            offBy <= allowed,
            "decision " + i + " is " + offBy + " s off (" + allowed + "): " + live);
      }
      assertTrue(
          live.err().contains("9 samples sent, 5 decisions received")
              && live.err().contains("latency sample sent -> decision received p50"),
          live::toString);
    } finally {
      stop(server);
    }
  }

  @Test
  void asFastAsPossibleEverySampleIsDecidedAndWhatAFullQueueRefusedIsSentAgain() throws Exception {
    StringBuilder trace = new StringBuilder("time,path,value\n");
    for (int i = 0; i < 5000; i++) {
      trace
          .append(String.format(java.util.Locale.ROOT, "%d.%02d", i / 100, i % 100))
          .append(",Vehicle.Test.Counter,")
          .append(i)
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("long.csv"), trace);
    PiccoloServer server =
        serve(
            new io.piccolo.engine.rulebase.RuleBaseBuilder()
                .addDrl(
                    new io.piccolo.engine.rulebase.RuleSource(
                        "each.drl",
                        "package p;\nrule \"each sample\" when SignalEvent(path =="
                            + " \"Vehicle.Test.Counter\") then actions.request(\"launch\","
                            + " \"counter\", Map.of()); end\n"))
                .build(),
            // smaller than one batch of 1000: every batch is partly refused and sent again
            Settings.defaults().with(Settings.QUEUE_CAPACITY, 400, "test"));
    try {
      Cli live =
          Cli.run(
              "simulate",
              "--target",
              "http://127.0.0.1:" + server.port(),
              "--trace",
              file.toString(),
              "--speed",
              "max");
      assertEquals(0, live.exitCode(), live::toString);
      // every decision is received or, when this client read too slowly, counted as dropped
      java.util.regex.Matcher received =
          java.util.regex.Pattern.compile("5000 samples sent, (\\d+) decisions received")
              .matcher(live.err());
      assertTrue(received.find(), live::toString);
      int got = Integer.parseInt(received.group(1));
      assertEquals(got, live.outLines().length, live::toString);
      java.util.regex.Matcher dropped =
          java.util.regex.Pattern.compile("the server dropped (\\d+) decision event")
              .matcher(live.err());
      assertEquals(
          5000, got + (dropped.find() ? Integer.parseInt(dropped.group(1)) : 0), live::toString);
      java.util.regex.Matcher again =
          java.util.regex.Pattern.compile("; (\\d+) batch\\(es\\) sent again").matcher(live.err());
      assertTrue(again.find() && Integer.parseInt(again.group(1)) >= 5, live::toString);
    } finally {
      stop(server);
    }
  }

  @Test
  void noServerThereIsAClearErrorWithExitCode1() throws Exception {
    Path trace = Files.writeString(dir.resolve("short.csv"), TRACE);
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Cli cli =
        Cli.run("simulate", "--target", "http://127.0.0.1:" + port, "--trace", trace.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertEquals(
        "piccolo: http://127.0.0.1:"
            + port
            + ": connection refused; is piccolo serve running there?\n",
        cli.err());
  }

  @Test
  void aServerThatRefusesTheWebSocketIsNamedWithItsAnswer() throws Exception {
    Path trace = Files.writeString(dir.resolve("short.csv"), TRACE);
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer other =
          vertx
              .createHttpServer()
              .requestHandler(r -> r.response().setStatusCode(404).end("not here"))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      String url = "http://127.0.0.1:" + other.actualPort();
      Cli cli = Cli.run("simulate", "--target", url, "--trace", trace.toString());
      assertEquals(1, cli.exitCode(), cli::toString);
      assertTrue(
          cli.err()
              .startsWith("piccolo: " + url + ": answered 404 to a WebSocket on /api/v1/stream"),
          cli::toString);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatStopsMidRunEndsTheReplayWithAClearErrorAndTheDecisionsSoFar() throws Exception {
    StringBuilder trace = new StringBuilder("time,path,value\n0,Vehicle.Speed,0\n");
    for (int i = 1; i <= 60; i++) {
      trace
          .append(i * 0.5)
          .append(",Vehicle.Cabin.Infotainment.Media.Action,")
          .append(i % 2 == 1 ? "PLAY" : "STOP")
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("thirty-seconds.csv"), trace);
    PiccoloServer server = serve();
    String url = "http://127.0.0.1:" + server.port();
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(
            () -> Cli.run("simulate", "--target", url, "--trace", file.toString()));
    Waits.until(
        "the first decision is made",
        Duration.ofSeconds(20),
        () ->
            new String(
                    new java.net.URL(url + "/metrics").openStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8)
                .contains("piccolo_requests_total{action=\"launch\",decision=\"allowed\"} 1.0"));
    stop(server);
    Cli cli = run.get(60, TimeUnit.SECONDS);
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(cli.err().startsWith("piccolo: " + url + " closed the connection"), cli::toString);
    assertFalse(cli.err().contains("Exception"), cli::toString);
  }

  @Test
  void targetOptionsThatBelongOfflineOrABadSpeedAreBadInput() throws Exception {
    Path trace = Files.writeString(dir.resolve("short.csv"), TRACE);
    Cli rules =
        Cli.run(
            "simulate",
            "--target",
            "http://127.0.0.1:1",
            "--rules",
            "rules",
            "--trace",
            trace.toString());
    assertEquals(2, rules.exitCode(), rules::toString);
    assertTrue(rules.err().contains("drop --rules (the server has its rules)"), rules::toString);
    Cli speed =
        Cli.run(
            "simulate",
            "--target",
            "http://127.0.0.1:1",
            "--trace",
            trace.toString(),
            "--speed",
            "fast");
    assertEquals(2, speed.exitCode(), speed::toString);
    assertTrue(speed.err().contains("--speed 'fast' is not a speed"), speed::toString);
    Cli neither = Cli.run("simulate", "--trace", trace.toString());
    assertEquals(2, neither.exitCode(), neither::toString);
    assertTrue(neither.err().contains("--rules PATH, or a running server"), neither::toString);
    Cli url = Cli.run("simulate", "--target", "127.0.0.1:47099", "--trace", trace.toString());
    assertEquals(2, url.exitCode(), url::toString);
    assertTrue(url.err().contains("--target '127.0.0.1:47099' is not a server URL"), url::toString);
  }
}
