package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bounded queues on the stream: a full evaluator queue, a connection that does not read. */
@Timeout(120)
class StreamBackPressureTest {
  private static final String RULES =
      "package p;\n"
          + "rule \"spins on a speed of 999\" when Signal(path == \"Vehicle.Speed\", number == 999)"
          // spins a few seconds, well past the round timeout, then returns
          + " then long x = 0; for (long i = 0; i < 4000000000L; i++) { x = x * 31 + i; }"
          + " if (x == 1) { actions.request(\"never\", \"x\", Map.of()); } end\n"
          + "rule \"each sample\" when SignalEvent(path == \"Vehicle.Test.Counter\") then"
          + " actions.request(\"launch\", \"counter\", Map.of()); end\n";

  @TempDir Path dir;
  private final Vertx client = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private PiccoloServer server;

  private void start(Settings settings) throws Exception {
    server =
        new PiccoloServer(
            new RuleBaseBuilder().addDrl(new RuleSource("live.drl", RULES)).build(),
            StateStores.file(dir.resolve("store.json")),
            settings
                .with(Settings.SERVE_PORT, 0, "test")
                .with(Settings.SERVE_DRAIN_TIMEOUT, Duration.ofSeconds(2), "test"),
            round -> {},
            new PrintWriter(new StringWriter(), true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double metric(String line) throws Exception {
    for (String l : get("/metrics").body().split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return Double.NaN;
  }

  private static JsonObject samples(String path, int from, int count) {
    JsonArray list = new JsonArray();
    for (int i = from; i < from + count; i++) {
      list.add(new JsonObject().put("path", path).put("value", i));
    }
    return new JsonObject().put("samples", list);
  }

  @Test
  void aFullEvaluatorQueueRefusesTheRestWithARetryHintAndCountsIt() throws Exception {
    start(
        Settings.defaults()
            .with(Settings.QUEUE_CAPACITY, 3, "test")
            .with(Settings.ROUND_TIMEOUT, Duration.ofMillis(100), "test"));
    try (StreamClient ws = new StreamClient(client, server.port())) {
      ws.result("signal.publish", new JsonObject().put("path", "Vehicle.Speed").put("value", 999));
      Waits.until(
          "the evaluator is stuck in the spinning rule",
          Duration.ofSeconds(10),
          () -> get("/health/ready").statusCode() == 503);
      JsonObject refused = ws.call("signal.publish", samples("Vehicle.Speed", 0, 5));
      JsonObject error = refused.getJsonObject("error");
      assertEquals(-32000, error.getInteger("code"), refused::encode);
      assertEquals(3, error.getJsonObject("data").getInteger("accepted"), refused::encode);
      assertTrue(error.getJsonObject("data").getInteger("retryAfterMs") > 0, refused::encode);
      assertEquals(2.0, metric("piccolo_signals_refused_total"));
      JsonObject status = ws.result("rules.status", null);
      assertEquals(
          new JsonObject().put("depth", 3).put("capacity", 3), status.getJsonObject("queue"));
      assertEquals(2, status.getJsonObject("samples").getInteger("refused"));
      assertEquals(false, status.getBoolean("ready"));
      assertTrue(
          status.getJsonObject("reasons").getString("evaluator").contains("spins on a speed"),
          status::encode);
    }
  }

  @Test
  void aConnectionThatDoesNotReadHasItsReadsPausedAndLosesEventsCountedNeverSilently()
      throws Exception {
    start(Settings.defaults().with(Settings.SERVE_STREAM_WRITE_QUEUE, 1024L, "test"));
    int total = 20_000;
    try (StreamClient ws =
        new StreamClient(
            client, server.port(), new WebSocketClientOptions().setReceiveBufferSize(4096))) {
      ws.result("events.subscribe", new JsonObject().put("kinds", new JsonArray().add("decision")));
      ws.socket.pause();
      for (int from = 0; from < total; from += 5000) {
        ws.send(
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("method", "signal.publish")
                .put("params", samples("Vehicle.Test.Counter", from, 5000))
                .put("id", "batch-" + from)
                .encode());
      }
      Waits.until(
          "events are dropped for the connection that does not read",
          Duration.ofSeconds(30),
          () -> metric("piccolo_events_dropped_total{kind=\"decision\"}") > 0);
      Waits.until(
          "its reads are paused",
          Duration.ofSeconds(10),
          () -> metric("piccolo_stream_paused_total") >= 1);
      ws.socket.resume();
      for (int i = 0; i < total / 5000; i++) {
        JsonObject answer = ws.nextObject();
        assertEquals(5000, answer.getJsonObject("result").getInteger("accepted"), answer::encode);
      }
      JsonObject status = ws.result("rules.status", null);
      long dropped = status.getJsonObject("eventsDropped").getLong("decision");
      assertEquals(total, status.getJsonObject("samples").getInteger("evaluated"));
      assertEquals((double) dropped, metric("piccolo_events_dropped_total{kind=\"decision\"}"));
      Waits.until(
          "every event is either received or counted as dropped",
          Duration.ofSeconds(10),
          () -> ws.notifications.size() + dropped == total);
      assertEquals(0.0, metric("piccolo_events_dropped_total{kind=\"state\"}"));
    }
  }
}
