package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.settings.Settings;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a free loopback port, talked to with a real HTTP client. */
@Timeout(60)
class ServeTest {
  private static final String RULES =
      "package p;\n"
          + "rule \"spins on a speed of 999\" when Signal(path == \"Vehicle.Speed\", number == 999)"
          // spins a few seconds, well past the round timeout, then returns
          + " then long x = 0; for (long i = 0; i < 4000000000L; i++) { x = x * 31 + i; }"
          + " if (x == 1) { actions.request(\"never\", \"x\", Map.of()); } end\n"
          + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n"
          + "rule \"stamped\" when Signal(path == \"Vehicle.Cabin.Light.IsOn\", time == 1234) then"
          + " actions.request(\"launch\", \"stamped\", Map.of()); end\n"
          + "rule \"breaks on a negative speed\" when Signal(path == \"Vehicle.Speed\", number < 0)"
          + " then Integer.parseInt(\"not a number\"); end\n";

  private final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  private final StringWriter log = new StringWriter();
  private final HttpClient http = HttpClient.newHttpClient();
  private PiccoloServer server;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    RuleBase rules = new RuleBaseBuilder().addDrl(new RuleSource("live.drl", RULES)).build();
    Settings settings =
        Settings.defaults()
            .with(Settings.SERVE_PORT, 0, "test")
            .with(Settings.ROUND_TIMEOUT, Duration.ofMillis(300), "test")
            .with(Settings.SERVE_DRAIN_TIMEOUT, Duration.ofSeconds(2), "test");
    server =
        new PiccoloServer(
            rules,
            StateStores.file(dir.resolve("store.json")),
            settings,
            decided::addAll,
            new PrintWriter(log, true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private double metric(String line) throws Exception {
    for (String l : get("/metrics").body().split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return Double.NaN;
  }

  @Test
  void isLiveAndReadyOnceStarted() throws Exception {
    assertEquals(200, get("/health/live").statusCode());
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("{\"ready\":true,\"reasons\":{}}\n", ready.body());
  }

  @Test
  void postedSignalsAreEvaluatedAndTheDecisionLeavesThroughTheSink() throws Exception {
    HttpResponse<String> answer =
        post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 130}]");
    assertEquals(202, answer.statusCode(), answer.body());
    assertEquals("{\"accepted\":1}\n", answer.body());
    Waits.until("the decision is made", Duration.ofSeconds(10), () -> decided.size() == 1);
    assertEquals("speed-warning", decided.get(0).target());
    Waits.until(
        "the metrics count the sample",
        Duration.ofSeconds(10),
        () -> metric("piccolo_signals_in_total") == 1.0);
    assertEquals(1.0, metric("piccolo_requests_total{action=\"launch\",decision=\"allowed\"}"));
  }

  @Test
  void aMalformedBodyIsRefusedWithWhereAndQueuesNothing() throws Exception {
    HttpResponse<String> notJson = post("/api/v1/signals", "[{\"path\": ");
    assertEquals(400, notJson.statusCode());
    assertEquals("application/problem+json", notJson.headers().firstValue("Content-Type").get());
    assertTrue(notJson.body().contains("line 1, column"), notJson.body());
    HttpResponse<String> badSample =
        post(
            "/api/v1/signals",
            "[{\"path\": \"Vehicle.Speed\", \"value\": 1}, {\"path\": \"Vehicle.Speed\"}]");
    assertEquals(400, badSample.statusCode());
    assertTrue(badSample.body().contains("[1].value: must be a number"), badSample.body());
    assertEquals(0.0, metric("piccolo_signals_accepted_total"), "nothing was queued");
  }

  @Test
  void aRuleThatThrowsIsCountedAndLoggedAndTheServerGoesOn() throws Exception {
    assertEquals(
        202, post("/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":-1}]").statusCode());
    Waits.until(
        "the failure is counted",
        Duration.ofSeconds(10),
        () -> metric("piccolo_rule_failures_total{rule=\"breaks on a negative speed\"}") == 1.0);
    assertTrue(log.toString().contains("rule 'breaks on a negative speed'"), log.toString());
    assertEquals(
        202, post("/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":150}]").statusCode());
    Waits.until("the next sample is decided", Duration.ofSeconds(10), () -> decided.size() == 1);
    assertEquals(200, get("/health/ready").statusCode());
  }

  @Test
  void anUnknownEndpointIsAProblemNamingIt() throws Exception {
    HttpResponse<String> answer = get("/api/nothing");
    assertEquals(404, answer.statusCode());
    assertTrue(answer.body().contains("GET /api/nothing is not served"), answer.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static final String HELLOWORLD =
      """
      apiVersion: v1
      kind: Scenario
      metadata:
        name: helloworld
      spec:
        condition:
          express: gt
          value: "100"
          operands:
            type: DDS
            name: Speed
            value: Vehicle
        action: update
        target: helloworld
      ---
      apiVersion: v1
      kind: Package
      metadata:
        label: null
        name: helloworld
      spec:
        pattern:
          - type: plain
        models:
          - name: helloworld-core
            node: HPC
            resources:
              volume:
              network:
      ---
      apiVersion: v1
      kind: Model
      metadata:
        name: helloworld-core
        annotations:
          io.piccolo.annotations.package-type: helloworld-core
          io.piccolo.annotations.package-name: helloworld
          io.piccolo.annotations.package-network: default
        labels:
          app: helloworld-core
      spec:
        hostNetwork: true
        containers:
          - name: helloworld
            image: helloworld
        terminationGracePeriodSeconds: 0
      """;

  @Test
  void aScenarioPostedAsPullpiriDoesTakesEffectInTheRunningEvaluator() throws Exception {
    HttpResponse<String> applied = send("POST", "/api/artifact", HELLOWORLD);
    assertEquals(200, applied.statusCode(), applied.body());
    assertEquals("Ok", applied.body());
    Waits.until(
        "the stored scenario fires",
        Duration.ofSeconds(10),
        () -> {
          post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 0}]");
          post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 130}]");
          return decided.stream().anyMatch(d -> d.scenario().equals("helloworld"));
        });
    HttpResponse<String> deleted = send("DELETE", "/api/artifact", HELLOWORLD);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals("Ok", deleted.body());
  }

  @Test
  void aDeleteThatWouldLeaveADanglingReferenceIsRefusedWith409NamingWhoRefersToIt()
      throws Exception {
    assertEquals(200, send("POST", "/api/artifact", HELLOWORLD).statusCode());
    String packageAndModel = HELLOWORLD.substring(HELLOWORLD.indexOf("---\n") + 4);
    HttpResponse<String> pullpiri = send("DELETE", "/api/artifact", packageAndModel);
    assertEquals(409, pullpiri.statusCode(), pullpiri.body());
    assertEquals(
        "nothing was deleted: Package helloworld is named by Scenario helloworld (spec.target);"
            + " delete or change those first, or delete them together\n",
        pullpiri.body());
    HttpResponse<String> resource = send("DELETE", "/api/v1/models/helloworld-core", "");
    assertEquals(409, resource.statusCode(), resource.body());
    assertEquals("application/problem+json", resource.headers().firstValue("Content-Type").get());
    assertTrue(
        resource
            .body()
            .contains("Model helloworld-core is named by Package helloworld (spec.models[0].name)"),
        resource.body());
    assertEquals(200, get("/api/v1/packages/helloworld").statusCode(), "nothing was deleted");
    assertEquals(200, send("DELETE", "/api/artifact", HELLOWORLD).statusCode(), "all together");
  }

  @Test
  void anInvalidArtifactBodyChangesNothingAndNamesLineAndField() throws Exception {
    HttpResponse<String> refused =
        send(
            "POST",
            "/api/artifact",
            HELLOWORLD.replace(
                "name: helloworld\nspec:\n  condition", "name: hello/world\nspec:\n  condition"));
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().startsWith("request body:"), refused.body());
    assertTrue(refused.body().endsWith("nothing was applied\n"), refused.body());
    HttpResponse<String> fine = send("POST", "/api/artifact", HELLOWORLD);
    assertEquals(
        200, fine.statusCode(), "the refused body left nothing half-stored: " + fine.body());
    assertTrue(
        Files.readString(dir.resolve("store.json")).contains("Scenario/helloworld"),
        "the valid body is stored");
    assertTrue(!Files.readString(dir.resolve("store.json")).contains("hello/world"));
  }

  /** Lines of an event stream as they arrive. */
  private java.util.concurrent.BlockingQueue<String> subscribe(String query) throws Exception {
    java.util.concurrent.BlockingQueue<String> lines =
        new java.util.concurrent.LinkedBlockingQueue<>();
    HttpResponse<java.util.stream.Stream<String>> answer =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/events" + query)).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, answer.statusCode());
    assertEquals("text/event-stream", answer.headers().firstValue("Content-Type").get());
    Thread reader = new Thread(() -> answer.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    Waits.until("subscribed", Duration.ofSeconds(10), () -> lines.contains(": subscribed"));
    return lines;
  }

  @Test
  void decisionsReachEventSubscribersAsTheSimulateJsonLine() throws Exception {
    java.util.concurrent.BlockingQueue<String> all = subscribe("");
    java.util.concurrent.BlockingQueue<String> deniedOnly = subscribe("?decision=denied");
    post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 130}]");
    Waits.until(
        "the decision is streamed",
        Duration.ofSeconds(10),
        () -> all.stream().anyMatch(l -> l.startsWith("data: {\"time\":")));
    String data = all.stream().filter(l -> l.startsWith("data: ")).findFirst().get();
    assertTrue(data.contains("\"target\":\"speed-warning\",\"decision\":\"allowed\""), data);
    assertTrue(
        data.matches("data: \\{\"time\":[1-9][0-9]{9}\\.[0-9]{1,3},.*"),
        "on the real clock a decision's time is plain epoch seconds, not 1.79E9: " + data);
    assertTrue(all.contains("event: decision"), all.toString());
    Waits.holdsFor(
        "a filtered subscriber sees no allowed decision",
        Duration.ofMillis(300),
        () -> deniedOnly.stream().noneMatch(l -> l.startsWith("data: ")));
  }

  @Test
  void anUnknownEventFilterIsRefused() throws Exception {
    HttpResponse<String> answer = get("/api/v1/events?rule=x");
    assertEquals(400, answer.statusCode());
    assertTrue(answer.body().contains("'rule' is not a filter"), answer.body());
  }

  @Test
  void aRoundStuckInARuleMakesTheServerNotReadyNamingTheRule() throws Exception {
    post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 999}]");
    Waits.until(
        "the server is not ready",
        Duration.ofSeconds(10),
        () -> get("/health/ready").statusCode() == 503);
    String why = get("/health/ready").body();
    assertTrue(why.contains("rule 'spins on a speed of 999' has not returned"), why);
    String reason =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(why)
            .path("reasons")
            .path("evaluator")
            .asText();
    assertTrue(
        !reason.contains("\n") && !reason.contains("\tat "), "one line, no stack: " + reason);
    assertTrue(
        reason.endsWith("make the rule return (no endless loop or blocking call) and restart"),
        reason);
    assertTrue(log.toString().contains("\n    at "), "the log keeps the stack: " + log);
    assertEquals(1.0, metric("piccolo_rounds_stuck_total"));
    assertEquals(200, get("/health/live").statusCode(), "alive, only not ready");
  }

  private HttpResponse<String> send(String method, String path, String body, String accept)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Accept", accept)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final String CAMERA =
      """
      apiVersion: v1
      kind: Scenario
      metadata:
        name: rear-camera
        labels: {app: camera}
      spec:
        when: {signal: Vehicle.Powertrain.Transmission.CurrentGear, op: eq, value: -1}
        action: launch
        target: NAME
      """;

  @Test
  void theResourceApiCreatesListsGetsReplacesRollsBackAndDeletes() throws Exception {
    assertEquals(
        200, send("POST", "/api/artifact", HELLOWORLD).statusCode(), "Pullpiri's helloworld first");
    String camera = CAMERA.replace("NAME", "helloworld");
    HttpResponse<String> created = send("POST", "/api/v1/scenarios", camera, "application/json");
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(created.body().contains("\"version\":1"), created.body());
    assertEquals(409, send("POST", "/api/v1/scenarios", camera, "application/json").statusCode());

    HttpResponse<String> labelled =
        send("GET", "/api/v1/scenarios?label=app=camera", "", "application/json");
    assertEquals(200, labelled.statusCode(), labelled.body());
    assertTrue(labelled.body().contains("\"name\":\"rear-camera\""), labelled.body());
    assertTrue(!labelled.body().contains("\"name\":\"helloworld\""), labelled.body());
    HttpResponse<String> firstPage =
        send("GET", "/api/v1/scenarios?limit=1", "", "application/json");
    assertTrue(firstPage.body().contains("\"continue\":\"helloworld\""), firstPage.body());
    HttpResponse<String> secondPage =
        send("GET", "/api/v1/scenarios?limit=1&continue=helloworld", "", "application/json");
    assertTrue(
        secondPage.body().contains("rear-camera") && !secondPage.body().contains("continue"),
        secondPage.body());

    HttpResponse<String> yaml =
        send("GET", "/api/v1/scenarios/rear-camera", "", "application/yaml");
    assertEquals("application/yaml", yaml.headers().firstValue("Content-Type").get());
    assertTrue(yaml.body().contains("name: rear-camera"), yaml.body());

    String renamed = camera.replace("value: -1", "value: -2");
    assertEquals(
        200,
        send("PUT", "/api/v1/scenarios/rear-camera", renamed, "application/json").statusCode());
    HttpResponse<String> history =
        send("GET", "/api/v1/scenarios/rear-camera/history", "", "application/json");
    assertTrue(
        history.body().contains("\"version\":2") && history.body().contains("\"version\":1"),
        history.body());
    HttpResponse<String> rolledBack =
        send("POST", "/api/v1/scenarios/rear-camera/rollback", "", "application/yaml");
    assertEquals(200, rolledBack.statusCode(), rolledBack.body());
    assertTrue(rolledBack.body().contains("value: -1"), rolledBack.body());

    assertEquals(
        204, send("DELETE", "/api/v1/scenarios/rear-camera", "", "application/json").statusCode());
    assertEquals(
        404, send("GET", "/api/v1/scenarios/rear-camera", "", "application/json").statusCode());
  }

  @Test
  void resourceApiErrorsAreProblemsNamingDocumentFieldAndLine() throws Exception {
    HttpResponse<String> unknown = send("GET", "/api/v1/scenarioz", "", "application/json");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("'scenarioz' is not a kind; use one of"), unknown.body());
    HttpResponse<String> invalid =
        send(
            "POST",
            "/api/v1/scenarios",
            CAMERA.replace("action: launch", "action: 42"),
            "application/json");
    assertEquals(400, invalid.statusCode(), invalid.body());
    assertEquals("application/problem+json", invalid.headers().firstValue("Content-Type").get());
    assertTrue(invalid.body().contains("\"document\":\"request body\""), invalid.body());
    assertTrue(invalid.body().contains("\"line\":"), invalid.body());
    HttpResponse<String> wrongName =
        send("PUT", "/api/v1/scenarios/other", CAMERA.replace("NAME", "x"), "application/json");
    assertEquals(400, wrongName.statusCode());
    assertTrue(
        wrongName.body().contains("metadata.name is 'rear-camera' but the path names 'other'"),
        wrongName.body());
    assertEquals(
        400, send("GET", "/api/v1/scenarios/bad%2Fname", "", "application/json").statusCode());
  }

  @Test
  void aSamplesOwnTimeIsKeptOnItsFact() throws Exception {
    post("/api/v1/signals", "[{\"path\": \"Vehicle.Cabin.Light.IsOn\", \"value\": true}]");
    assertEquals(
        202,
        post(
                "/api/v1/signals",
                "[{\"path\": \"Vehicle.Cabin.Light.IsOn\", \"value\": false, \"time\": 1234}]")
            .statusCode());
    Waits.until("the stamped sample is decided", Duration.ofSeconds(10), () -> decided.size() == 1);
    assertEquals("stamped", decided.get(0).target());
    HttpResponse<String> bad =
        post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 1, \"time\": -5}]");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("[0].time: must be the sample's own time"), bad.body());
  }

  @Test
  void bodiesAreReadAsSentWhateverTheirDeclaredTypeAndEmptyOrBrokenOnesAreProblems()
      throws Exception {
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"path\": \"Vehicle.Speed\", \"value\": ")
          .append(i)
          .append("}");
    }
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/signals"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(many + "]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, form.statusCode(), form.body());
    HttpResponse<String> empty = post("/api/v1/signals", "");
    assertEquals(400, empty.statusCode(), empty.body());
    assertTrue(empty.body().contains("empty body"), empty.body());
    HttpResponse<String> deep = post("/api/v1/signals", "[".repeat(5000));
    assertEquals(400, deep.statusCode(), deep.body());
    HttpResponse<String> trailing = post("/api/v1/signals", "[] []");
    assertEquals(400, trailing.statusCode(), trailing.body());
  }
}
