package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket JSON-RPC stream of a real server, through a real Vert.x WebSocket client. */
@Timeout(60)
class StreamTest {
  static final String DRL =
      "package p;\n"
          + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n"
          + "rule \"no video while moving\" when $r : ActionRequest(target == \"video-player\")"
          + " Signal(path == \"Vehicle.Speed\", number > 0) then $r.deny(\"moving\"); end\n"
          + "rule \"each sample\" when SignalEvent(path == \"Vehicle.Test.Counter\") then"
          + " actions.request(\"launch\", \"counter\", Map.of()); end\n";

  static final String SCENARIO =
      """
      apiVersion: v1
      kind: Scenario
      metadata:
        name: video-on-play
      spec:
        when: {signal: Vehicle.Cabin.Infotainment.Media.Action, op: eq, value: PLAY}
        action: launch
        target: video-player
      """;

  @TempDir Path dir;
  private final StringWriter log = new StringWriter();
  private final Vertx client = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private PiccoloServer server;

  static Path rules(Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(folder.resolve("live.drl"), DRL);
    Files.writeString(folder.resolve("video.yaml"), SCENARIO);
    return folder;
  }

  PiccoloServer start(Settings settings) throws Exception {
    RuleSet set = RuleSet.load(List.of(rules(dir)));
    PiccoloServer started =
        new PiccoloServer(
            set.builder().build(),
            StateStores.file(dir.resolve("store.json")),
            settings.with(Settings.SERVE_PORT, 0, "test"),
            round -> {},
            new PrintWriter(log, true));
    started.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return started;
  }

  @BeforeEach
  void start() throws Exception {
    server = start(Settings.defaults().with(Settings.SERVE_FRAME_LIMIT, 4096L, "test"));
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  StreamClient connect() throws Exception {
    return new StreamClient(client, server.port());
  }

  double metric(String line) throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String l : text.split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return Double.NaN;
  }

  static JsonObject sample(String path, Object value) {
    return new JsonObject().put("path", path).put("value", value);
  }

  @Test
  void aPublishedSampleIsDecidedAndTheDecisionArrivesAsANotificationOfTheSimulateLine()
      throws Exception {
    try (StreamClient ws = connect()) {
      JsonObject subscribed =
          ws.result(
              "events.subscribe", new JsonObject().put("kinds", new JsonArray().add("decision")));
      String id = subscribed.getString("subscription");
      assertEquals(
          new JsonObject().put("accepted", 1),
          ws.result("signal.publish", sample("Vehicle.Speed", 130)));
      Waits.until(
          "the decision arrives", Duration.ofSeconds(10), () -> !ws.notifications.isEmpty());
      JsonObject note = ws.notifications.get(0);
      assertEquals("2.0", note.getString("jsonrpc"));
      assertNull(note.getValue("id"), "a notification has no id");
      JsonObject params = note.getJsonObject("params");
      assertEquals(id, params.getString("subscription"));
      assertEquals("decision", params.getString("kind"));
      JsonObject event = params.getJsonObject("event");
      assertEquals(
          List.of(
              "time", "scenario", "rule", "action", "target", "decision", "decided_by", "reason"),
          List.copyOf(event.fieldNames()),
          "the simulate line's fields, in its order");
      assertEquals("fast", event.getString("rule"));
      assertEquals("speed-warning", event.getString("target"));
      assertEquals("allowed", event.getString("decision"));
      assertEquals(1.0, metric("piccolo_stream_connections"));
      assertEquals(
          1.0, metric("piccolo_stream_requests_total{method=\"signal.publish\",outcome=\"ok\"}"));
    }
  }

  @Test
  void filtersPickKindsScenarioAndDecisionAndUnsubscribeStopsTheEvents() throws Exception {
    try (StreamClient ws = connect()) {
      String denied =
          ws.result("events.subscribe", new JsonObject().put("decision", "denied"))
              .getString("subscription");
      String states =
          ws.result(
                  "events.subscribe",
                  new JsonObject()
                      .put("kinds", new JsonArray().add("state"))
                      .put("scenario", "video-on-play"))
              .getString("subscription");
      ws.result(
          "signal.publish",
          new JsonObject()
              .put(
                  "samples",
                  new JsonArray()
                      .add(sample("Vehicle.Speed", 130))
                      .add(sample("Vehicle.Cabin.Infotainment.Media.Action", "PLAY"))));
      Waits.until(
          "the denial and the state changes arrive",
          Duration.ofSeconds(10),
          () -> ws.notifications.size() >= 3);
      ws.result("rules.status", null); // every event of what was published has been sent
      List<JsonObject> toDenied = of(ws, denied);
      assertEquals(1, toDenied.size(), ws.notifications::toString);
      JsonObject event = toDenied.get(0).getJsonObject("params").getJsonObject("event");
      assertEquals("video-on-play", event.getString("scenario"));
      assertEquals("denied", event.getString("decision"));
      assertEquals("moving", event.getString("reason"));
      List<String> steps =
          of(ws, states).stream()
              .map(n -> n.getJsonObject("params"))
              .peek(p -> assertEquals("state", p.getString("kind")))
              .map(p -> p.getJsonObject("event").getString("to"))
              .toList();
      assertEquals(List.of("satisfied", "denied"), steps);
      assertEquals(
          new JsonObject().put("unsubscribed", denied),
          ws.result("events.unsubscribe", new JsonObject().put("subscription", denied)));
      JsonObject again =
          ws.call("events.unsubscribe", new JsonObject().put("subscription", denied));
      assertEquals(-32001, again.getJsonObject("error").getInteger("code"));
      int before = ws.notifications.size();
      ws.result("signal.publish", sample("Vehicle.Cabin.Infotainment.Media.Action", "STOP"));
      ws.result("signal.publish", sample("Vehicle.Cabin.Infotainment.Media.Action", "PLAY"));
      ws.result("rules.status", null);
      assertTrue(
          of(ws, denied).size() == 1,
          "no more events for an unsubscribed id: "
              + ws.notifications.subList(before, ws.notifications.size()));
    }
  }

  private static List<JsonObject> of(StreamClient ws, String subscription) {
    return ws.notifications.stream()
        .filter(n -> subscription.equals(n.getJsonObject("params").getString("subscription")))
        .toList();
  }

  @Test
  void unknownFilterFieldsAndValuesAreInvalidParamsNamingThem() throws Exception {
    try (StreamClient ws = connect()) {
      assertInvalid(ws.call("events.subscribe", new JsonObject().put("rule", "x")), "rule");
      assertInvalid(
          ws.call("events.subscribe", new JsonObject().put("decision", "maybe")), "decision");
      assertInvalid(
          ws.call("events.subscribe", new JsonObject().put("kinds", new JsonArray().add("nope"))),
          "kinds");
      assertInvalid(
          ws.call("events.subscribe", new JsonObject().put("kinds", "decision")), "kinds");
      assertEquals(0.0, metric("piccolo_events_subscribers"), "nothing was subscribed");
    }
  }

  static void assertInvalid(JsonObject answer, String field) {
    JsonObject error = answer.getJsonObject("error");
    assertEquals(-32602, error.getInteger("code"), answer::encode);
    assertEquals(field, error.getJsonObject("data").getString("field"), answer::encode);
  }

  @Test
  void aBatchIsAnsweredInOneArrayWithoutItsNotifications() throws Exception {
    try (StreamClient ws = connect()) {
      ws.send(
          "[{\"jsonrpc\":\"2.0\",\"method\":\"signal.publish\",\"params\":{\"samples\":["
              + "{\"path\":\"Vehicle.Speed\",\"value\":1},{\"path\":\"Vehicle.Speed\",\"value\":2}]},\"id\":\"a\"},"
              + "{\"jsonrpc\":\"2.0\",\"method\":\"signal.publish\",\"params\":{\"path\":\"Vehicle.Speed\",\"value\":3}},"
              + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":7},"
              + "{\"jsonrpc\":\"2.0\",\"method\":\"rules.status\",\"id\":8}]");
      JsonArray answers = ws.nextArray();
      assertEquals(3, answers.size(), answers::encode);
      assertEquals(
          new JsonObject().put("accepted", 2), answers.getJsonObject(0).getJsonObject("result"));
      assertEquals("a", answers.getJsonObject(0).getString("id"));
      assertEquals(-32601, answers.getJsonObject(1).getJsonObject("error").getInteger("code"));
      assertEquals(7, answers.getJsonObject(1).getInteger("id"));
      JsonObject status = answers.getJsonObject(2).getJsonObject("result");
      assertEquals(3, status.getJsonObject("samples").getInteger("accepted"), status::encode);
      assertEquals(3, status.getJsonObject("samples").getInteger("evaluated"), status::encode);
      ws.send("[{\"jsonrpc\":\"2.0\",\"method\":\"rules.status\"}]");
      ws.send("[]");
      JsonObject empty = ws.nextObject();
      assertEquals(
          -32600,
          empty.getJsonObject("error").getInteger("code"),
          "an empty batch; the all-notification batch got no answer");
    }
  }

  @Test
  void rulesStatusSaysWhatIsLoadedTheQueueTheSamplesAndReadiness() throws Exception {
    try (StreamClient ws = connect()) {
      ws.result("signal.publish", sample("Vehicle.Speed", 5));
      JsonObject status = ws.result("rules.status", null);
      JsonObject rules = status.getJsonObject("rules");
      assertEquals(1, rules.getInteger("scenarios"));
      assertEquals(3, rules.getInteger("drlRules"));
      assertTrue(rules.containsKey("files"), rules::encode);
      assertEquals(100_000, status.getJsonObject("queue").getInteger("capacity"));
      assertEquals(0, status.getJsonObject("queue").getInteger("depth"));
      assertEquals(
          new JsonObject()
              .put("accepted", 1)
              .put("refused", 0)
              .put("unknown", 0)
              .put("evaluated", 1),
          status.getJsonObject("samples"));
      assertEquals(0, status.getInteger("ruleFailures"));
      assertEquals(
          new JsonObject().put("decision", 0).put("state", 0).put("reload", 0).put("timpani", 0),
          status.getJsonObject("eventsDropped"));
      assertEquals(true, status.getBoolean("ready"));
      assertInvalid(ws.call("rules.status", new JsonObject().put("verbose", true)), "verbose");
    }
  }

  @Test
  void malformedMessagesGetTheStandardErrorsAndTheConnectionStaysOpen() throws Exception {
    try (StreamClient ws = connect()) {
      ws.send("{\"jsonrpc\": ");
      JsonObject notJson = ws.nextObject();
      assertEquals(-32700, notJson.getJsonObject("error").getInteger("code"));
      assertTrue(notJson.containsKey("id") && notJson.getValue("id") == null, notJson::encode);
      assertTrue(
          notJson
              .getJsonObject("error")
              .getJsonObject("data")
              .getString("problem")
              .contains("line 1"),
          notJson::encode);
      ws.send("42");
      assertEquals(-32600, ws.nextObject().getJsonObject("error").getInteger("code"));
      ws.send("{\"jsonrpc\":\"2.0\",\"id\":1}");
      JsonObject noMethod = ws.nextObject();
      assertEquals(-32600, noMethod.getJsonObject("error").getInteger("code"));
      assertEquals(
          "method", noMethod.getJsonObject("error").getJsonObject("data").getString("field"));
      assertEquals(1, noMethod.getInteger("id"));
      ws.send("{\"jsonrpc\":\"1.0\",\"method\":\"rules.status\",\"id\":2}");
      assertEquals(
          "jsonrpc",
          ws.nextObject().getJsonObject("error").getJsonObject("data").getString("field"));
      JsonObject unknown = ws.call("signal.subscribe", null);
      assertEquals(-32601, unknown.getJsonObject("error").getInteger("code"));
      assertEquals(
          "signal.subscribe",
          unknown.getJsonObject("error").getJsonObject("data").getString("method"));
      assertInvalid(
          ws.call("signal.publish", new JsonObject().put("path", "Vehicle.Speed")), "value");
      assertInvalid(
          ws.call(
              "signal.publish",
              new JsonObject()
                  .put(
                      "samples",
                      new JsonArray()
                          .add(sample("Vehicle.Speed", 1))
                          .add(
                              new JsonObject()
                                  .put("path", "Vehicle.Speed")
                                  .put("value", 1)
                                  .put("unit", "km/h")))),
          "samples[1].unit");
      assertInvalid(ws.call("signal.publish", new JsonArray().add(1)), "params");
      assertInvalid(
          ws.call("signal.publish", new JsonObject().put("samples", new JsonArray())), "samples");
      assertEquals(0.0, metric("piccolo_signals_accepted_total"), "nothing was queued");
      ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"signal.publish\",\"params\":{\"path\":\"x\"}}");
      assertEquals(
          new JsonObject().put("accepted", 1),
          ws.result("signal.publish", sample("Vehicle.Speed", 1)),
          "the notification's error was not answered, and the connection goes on");
    }
  }

  @Test
  void aFrameOverTheLimitClosesTheConnectionWith1009AndIsCounted() throws Exception {
    try (StreamClient ws = connect()) {
      ws.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"rules.status\",\"id\":\"" + "x".repeat(5000) + "\"}");
      Waits.until("the server closes", Duration.ofSeconds(10), () -> ws.closeStatus != null);
      assertEquals((short) 1009, ws.closeStatus);
      assertTrue(ws.closeReason.contains("serve.frame-limit"), ws.closeReason);
      assertEquals(1.0, metric("piccolo_stream_refused_total{reason=\"frame\"}"));
      Waits.until(
          "the connection is gone",
          Duration.ofSeconds(10),
          () -> metric("piccolo_stream_connections") == 0.0);
    }
  }

  @Test
  void aMessageOverTheLimitInSmallFramesClosesWith1009AndIsCounted() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server =
        start(
            Settings.defaults()
                .with(Settings.SERVE_FRAME_LIMIT, 1024L, "test")
                .with(Settings.SERVE_MESSAGE_LIMIT, 2048L, "test"));
    try (StreamClient ws = connect()) {
      ws.socket.writeFrame(WebSocketFrame.textFrame("[" + " ".repeat(1000), false));
      ws.socket.writeFrame(
          WebSocketFrame.continuationFrame(
              io.vertx.core.buffer.Buffer.buffer(" ".repeat(1000)), false));
      ws.socket.writeFrame(
          WebSocketFrame.continuationFrame(
              io.vertx.core.buffer.Buffer.buffer(" ".repeat(1000) + "]"), true));
      Waits.until("the server closes", Duration.ofSeconds(10), () -> ws.closeStatus != null);
      assertEquals((short) 1009, ws.closeStatus);
      assertTrue(ws.closeReason.contains("serve.message-limit"), ws.closeReason);
      assertEquals(1.0, metric("piccolo_stream_refused_total{reason=\"message\"}"));
    }
  }

  @Test
  void sseTakesAKindFilterAndRefusesAnUnknownDecision() throws Exception {
    HttpResponse<String> maybe =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/v1/events?decision=maybe"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, maybe.statusCode());
    assertTrue(maybe.body().contains("'maybe' is not a decision"), maybe.body());
    HttpResponse<String> kind =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/v1/events?kind=decisions"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, kind.statusCode());
    assertTrue(kind.body().contains("'decisions' is not an event kind"), kind.body());
  }

  @Test
  void serveRecordsScenarioStatesInItsStoreAndPublishesEachAsAStateEvent() throws Exception {
    HttpResponse<String> applied =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/artifact"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "kind: Package\nmetadata: {name: video-player}\nspec:\n  models:\n"
                            + "    - {name: video-player, node: HPC}\n---\nkind: Model\n"
                            + "metadata: {name: video-player}\nspec:\n  containers:\n"
                            + "    - {name: player, image: localhost/player:1}\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, applied.statusCode(), applied.body());
    try (StreamClient ws = connect()) {
      ws.result("events.subscribe", new JsonObject().put("kinds", new JsonArray().add("state")));
      ws.result("signal.publish", sample("Vehicle.Cabin.Infotainment.Media.Action", "PLAY"));
      java.util.function.Supplier<List<JsonObject>> scenarioEvents =
          () ->
              ws.notifications.stream()
                  .map(n -> n.getJsonObject("params").getJsonObject("event"))
                  .filter(e -> e.containsKey("scenario"))
                  .toList();
      Waits.until(
          "completed once the launch's work ended",
          Duration.ofSeconds(20),
          () -> scenarioEvents.get().size() == 3);
      List<JsonObject> events = scenarioEvents.get();
      assertEquals(
          List.of("satisfied", "allowed", "completed"),
          events.stream().map(e -> e.getString("to")).toList(),
          events::toString);
      assertEquals("waiting", events.get(0).getString("from"));
      assertEquals("video-on-play", events.get(0).getString("scenario"));
      Waits.until(
          "the Model's state as a state event",
          Duration.ofSeconds(20),
          () ->
              ws.notifications.stream()
                  .map(n -> n.getJsonObject("params").getJsonObject("event"))
                  .anyMatch(
                      e ->
                          "video-player".equals(e.getString("model"))
                              && "running".equals(e.getString("to"))));
    }
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (var store = StateStores.file(dir.resolve("store.json"))) {
      assertEquals(
          java.util.Optional.of("completed"),
          store.state(io.piccolo.engine.state.ResourceKind.SCENARIO, "video-on-play"),
          "the pending writes were drained when serve stopped");
    }
    server = start(Settings.defaults());
  }

  @Test
  void aReloadPublishedOnTheHubReachesSseAsEventReloadAndTheStreamAsKindReload() throws Exception {
    java.util.concurrent.BlockingQueue<String> sse =
        new java.util.concurrent.LinkedBlockingQueue<>();
    HttpResponse<java.util.stream.Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events?kind=reload"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> stream.body().forEach(sse::add));
    reader.setDaemon(true);
    reader.start();
    try (StreamClient ws = connect()) {
      ws.result("events.subscribe", new JsonObject().put("kinds", new JsonArray().add("reload")));
      Waits.until("subscribed", Duration.ofSeconds(10), () -> sse.contains(": subscribed"));
      server.events().publishReload(new io.vertx.core.json.JsonObject().put("rules", 3));
      Waits.until(
          "the stream has the reload", Duration.ofSeconds(10), () -> !ws.notifications.isEmpty());
      JsonObject params = ws.notifications.get(0).getJsonObject("params");
      assertEquals("reload", params.getString("kind"));
      assertEquals(new JsonObject().put("rules", 3), params.getJsonObject("event"));
      Waits.until(
          "SSE has the reload",
          Duration.ofSeconds(10),
          () -> sse.contains("event: reload") && sse.contains("data: {\"rules\":3}"));
    }
  }

  @Test
  void aQuietStreamOutlivesTheHeaderDeadlineAndTheIdleTimeout() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server =
        start(
            Settings.defaults()
                .with(Settings.SERVE_HEADER_TIMEOUT, Duration.ofMillis(200), "test")
                .with(Settings.SERVE_IDLE_TIMEOUT, Duration.ofSeconds(1), "test"));
    try (StreamClient ws = connect()) {
      ws.result("events.subscribe", new JsonObject());
      Waits.holdsFor(
          "the stream stays open past both deadlines",
          Duration.ofMillis(2500),
          () -> ws.closeStatus == null);
      assertEquals(
          new JsonObject().put("accepted", 1),
          ws.result("signal.publish", sample("Vehicle.Speed", 1)));
    }
  }

  @Test
  void aPlainRequestOnTheStreamPathIsAProblemSayingItIsAWebSocket() throws Exception {
    HttpResponse<String> plain =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/stream"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, plain.statusCode(), plain.body());
    assertTrue(plain.body().contains("speaks JSON-RPC 2.0 over a WebSocket"), plain.body());
  }
}
