package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.state.ResourceKind;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios applied while a real server runs have their states recorded in its store as those of
 * the rule files do; a deleted one is set idle.
 */
@Timeout(60)
class AppliedScenarioStatesTest {
  private static final String TOO_FAST =
      """
      kind: Scenario
      metadata: {name: too-fast}
      spec:
        when: {signal: Vehicle.Speed, op: gt, value: 120}
        action: launch
        target: speed-warning
      ---
      kind: Package
      metadata: {name: speed-warning}
      spec:
        models: [{name: speed-warning, node: HPC}]
      ---
      kind: Model
      metadata: {name: speed-warning}
      spec:
        containers: [{name: warning, image: localhost/warning:1}]
      """;

  @TempDir Path dir;
  private final StringWriter log = new StringWriter();
  private final Vertx client = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private StateStore store;
  private PiccoloServer server;

  @BeforeEach
  void start() throws Exception {
    store = StateStores.file(dir.resolve("store.json"));
    server =
        new PiccoloServer(
            RuleSet.load(List.of(StreamTest.rules(dir))).builder().build(),
            store,
            Settings.defaults()
                .with(Settings.SERVE_PORT, 0, "test")
                .with(Settings.AUDIT_FILE, dir.resolve("audit.jsonl"), "test"),
            round -> {},
            new PrintWriter(log, true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Optional<String> stored(String scenario) throws Exception {
    return store.state(ResourceKind.SCENARIO, scenario);
  }

  private static List<String> transitions(StreamClient ws, String scenario) {
    return ws.notifications.stream()
        .map(n -> n.getJsonObject("params").getJsonObject("event"))
        .filter(e -> scenario.equals(e.getString("scenario")))
        .map(e -> e.getString("from") + "->" + e.getString("to"))
        .toList();
  }

  @Test
  void aScenarioAppliedWhileServingIsWaitingThenRecordedAsItFiresAndIdleOnceDeleted()
      throws Exception {
    try (StreamClient ws = new StreamClient(client, server.port())) {
      ws.result("events.subscribe", new JsonObject().put("kinds", new JsonArray().add("state")));
      HttpResponse<String> applied = send("POST", "/api/artifact", TOO_FAST);
      assertEquals(200, applied.statusCode(), applied.body());
      Waits.until(
          "the applied scenario is waiting",
          Duration.ofSeconds(10),
          () -> stored("too-fast").equals(Optional.of("waiting")));
      ws.result("signal.publish", new JsonObject().put("path", "Vehicle.Speed").put("value", 130));
      ws.result("rules.status", null);
      Waits.until(
          "its firing is recorded",
          Duration.ofSeconds(10),
          () -> stored("too-fast").equals(Optional.of("completed")));
      assertEquals(204, send("DELETE", "/api/v1/scenarios/too-fast", "").statusCode());
      Waits.until(
          "the deleted scenario is idle",
          Duration.ofSeconds(10),
          () -> stored("too-fast").equals(Optional.of("idle")));
      Waits.until(
          "every transition was an event",
          Duration.ofSeconds(10),
          () ->
              transitions(ws, "too-fast")
                  .equals(
                      List.of(
                          "null->waiting",
                          "waiting->satisfied",
                          "satisfied->allowed",
                          "allowed->completed",
                          "completed->idle")));
      assertEquals(
          Optional.of("waiting"),
          stored("video-on-play"),
          "the rule files' scenario is left as it was");
    }
  }

  @Test
  void aScenarioAppliedAgainAfterItsDeleteIsWaitingAgain() throws Exception {
    assertEquals(200, send("POST", "/api/artifact", TOO_FAST).statusCode());
    Waits.until(
        "waiting", Duration.ofSeconds(10), () -> stored("too-fast").equals(Optional.of("waiting")));
    assertEquals(200, send("DELETE", "/api/artifact", TOO_FAST).statusCode());
    Waits.until(
        "idle", Duration.ofSeconds(10), () -> stored("too-fast").equals(Optional.of("idle")));
    assertEquals(200, send("POST", "/api/artifact", TOO_FAST).statusCode());
    Waits.until(
        "waiting again",
        Duration.ofSeconds(10),
        () -> stored("too-fast").equals(Optional.of("waiting")));
  }
}
