package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed in a real serve: a Package applied over the API, a signal, the decision, the dry
 * run's result, the Model's state in the store and on the event stream, and a rule that reacts to
 * the result.
 */
@Timeout(120)
class ActionLoopServeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";

  private static final String SCENARIO =
      """
      apiVersion: v1
      kind: Scenario
      metadata:
        name: camera-on-reverse
      spec:
        when: {signal: Vehicle.Powertrain.Transmission.CurrentGear, op: lt, value: 0}
        action: launch
        target: rear-camera
      ---
      apiVersion: v1
      kind: Scenario
      metadata:
        name: mirror-on-demand
      spec:
        when: {signal: Vehicle.Test.Mirror, op: eq, value: 1}
        action: launch
        target: mirror-view
      """;

  private static final String DRL =
      """
      package live;
      rule "camera started"
      when
          ActionResult(action == "launch", target == "rear-camera", outcome == "succeeded")
      then
          actions.request("notify", "driver", null);
      end
      rule "mirror fallback"
      when
          ActionResult(action == "launch", target == "mirror-view", outcome == "failed")
      then
          actions.launch("rear-camera");
      end
      """;

  private static final String WORKLOAD =
      """
      apiVersion: v1
      kind: Package
      metadata:
        name: rear-camera
      spec:
        pattern:
          - type: plain
        models:
          - name: rear-camera
            node: HPC
      ---
      apiVersion: v1
      kind: Model
      metadata:
        name: rear-camera
      spec:
        containers:
          - name: camera
            image: localhost/piccolo-test:latest
      """;

  @TempDir Path dir;
  private final StringWriter log = new StringWriter();
  private final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  private final Vertx client = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Loopback loopback = new Loopback(() -> this.server.port());
  private PiccoloServer server;

  @BeforeEach
  void start() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("scenarios.yaml"), SCENARIO);
    Files.writeString(rules.resolve("results.drl"), DRL);
    server =
        new PiccoloServer(
            RuleSet.load(List.of(rules)).builder().build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults().with(Settings.SERVE_PORT, 0, "test"),
            decided::addAll,
            new PrintWriter(log, true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return loopback.post(path, body);
  }

  private String metrics() throws Exception {
    return loopback.metrics();
  }

  private static List<JsonObject> events(StreamClient ws, String kind) {
    return ws.notifications.stream()
        .map(n -> n.getJsonObject("params"))
        .filter(p -> p.getString("kind").equals(kind))
        .map(p -> p.getJsonObject("event"))
        .toList();
  }

  private boolean decidedBy(String rule) {
    return decided.stream().anyMatch(d -> d.rule().equals(rule));
  }

  @Test
  void aSignalsDecisionRunsOnTheDryRunAndItsResultAndStatesComeBack() throws Exception {
    assertEquals(200, post("/api/artifact", WORKLOAD).statusCode());
    try (StreamClient ws = new StreamClient(client, server.port())) {
      ws.result(
          "events.subscribe",
          new JsonObject().put("kinds", new JsonArray().add("state").add("decision")));
      ws.result("signal.publish", StreamTest.sample(GEAR, -1));
      Waits.until(
          "the Model's state on the event stream",
          WAIT,
          () ->
              events(ws, "state").stream()
                  .anyMatch(
                      e ->
                          "rear-camera".equals(e.getString("model"))
                              && "running".equals(e.getString("to"))));
      Waits.until(
          "the rule that reads the result decided", WAIT, () -> decidedBy("camera started"));
      Waits.until(
          "the scenario completed with its action",
          WAIT,
          () ->
              events(ws, "state").stream()
                  .filter(e -> "camera-on-reverse".equals(e.getString("scenario")))
                  .map(e -> e.getString("to"))
                  .toList()
                  .equals(List.of("satisfied", "allowed", "completed")));
      assertTrue(
          events(ws, "decision").stream()
              .anyMatch(e -> "camera started".equals(e.getString("rule"))),
          "the result-driven decision went out on the stream too");
    }
    Waits.until(
        "the dry run's duration counted",
        WAIT,
        () ->
            metrics()
                .lines()
                .anyMatch(
                    line ->
                        line.equals(
                            "piccolo_action_duration_seconds_count{action=\"launch\","
                                + "executor=\"dry-run\",outcome=\"succeeded\"} 1")));
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server = null;
    try (StateStore store = StateStores.file(dir.resolve("store.json"))) {
      assertEquals(Optional.of("running"), store.state(ResourceKind.MODEL, "rear-camera"));
      assertEquals(Optional.of("running"), store.state(ResourceKind.PACKAGE, "rear-camera"));
      assertEquals(
          Optional.of("completed"), store.state(ResourceKind.SCENARIO, "camera-on-reverse"));
    }
  }

  @Test
  void stateEventsOverSseCarryPlainEpochSeconds() throws Exception {
    assertEquals(200, post("/api/artifact", WORKLOAD).statusCode());
    java.util.concurrent.BlockingQueue<String> lines =
        new java.util.concurrent.LinkedBlockingQueue<>();
    HttpResponse<java.util.stream.Stream<String>> sse =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events?kind=state"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> sse.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    Waits.until("subscribed", WAIT, () -> lines.contains(": subscribed"));
    post("/api/v1/signals", "[{\"path\":\"" + GEAR + "\",\"value\":-1}]");
    Waits.until(
        "the Model's state event",
        WAIT,
        () -> lines.stream().anyMatch(l -> l.startsWith("data: {") && l.contains("\"model\"")));
    for (String line : lines) {
      if (line.startsWith("data: {")) {
        assertTrue(
            line.matches("data: \\{\"time\":\\d+\\.\\d{1,3},.*"),
            "epoch seconds to the millisecond, never 1.79E9: " + line);
      }
    }
  }

  @Test
  void aLaunchThatFailsFailsItsScenarioAndTheFallbackRuleReactsToItsResult() throws Exception {
    assertEquals(200, post("/api/artifact", WORKLOAD).statusCode());
    assertEquals(
        202,
        post("/api/v1/signals", "[{\"path\":\"Vehicle.Test.Mirror\",\"value\":1}]").statusCode());
    Waits.until("the fallback rule decided", WAIT, () -> decidedBy("mirror fallback"));
    Waits.until(
        "the failure is logged with its reason",
        WAIT,
        () ->
            log.toString()
                .contains(
                    "piccolo serve: launch mirror-view failed: Package/mirror-view is not in the"
                        + " store: apply it first"));
    Waits.until(
        "the fallback's own launch succeeded",
        WAIT,
        () ->
            metrics()
                .lines()
                .anyMatch(
                    line ->
                        line.equals(
                            "piccolo_action_duration_seconds_count{action=\"launch\","
                                + "executor=\"dry-run\",outcome=\"succeeded\"} 1")));
    post("/api/v1/signals", "[{\"path\":\"Vehicle.Test.Mirror\",\"value\":0}]");
    post("/api/v1/signals", "[{\"path\":\"Vehicle.Test.Mirror\",\"value\":1}]");
    Waits.until(
        "the scenario fired and failed again",
        WAIT,
        () -> decided.stream().filter(d -> d.rule().equals("mirror fallback")).count() == 2);
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server = null;
    assertEquals(
        1,
        log.toString().lines().filter(l -> l.contains("launch mirror-view failed")).count(),
        "the same failure is logged once a minute, not once per action: " + log);
    try (StateStore store = StateStores.file(dir.resolve("store.json"))) {
      assertEquals(Optional.of("failed"), store.state(ResourceKind.SCENARIO, "mirror-on-demand"));
    }
  }
}
