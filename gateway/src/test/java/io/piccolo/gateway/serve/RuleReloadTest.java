package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.gateway.settings.Settings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rules changed while a real server runs: over {@code /api/v1/rules} and with the watch. */
@Timeout(90)
class RuleReloadTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";

  private final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  private final StringWriter log = new StringWriter();
  private final HttpClient http = HttpClient.newHttpClient();
  private PiccoloServer server;
  private io.piccolo.connectors.store.StateStore store;
  @TempDir Path dir;
  private Path rules;

  /** Builds as serve does with default settings: the default sandbox, every problem listed. */
  private static RuleCompiler.Compiled compile(RuleSet set, RuleBase earlier) {
    List<Problem> problems = new ArrayList<>(set.problems());
    RuleBase built = null;
    try {
      built = set.builder().rebuildOf(earlier).build();
      problems.addAll(built.warnings());
    } catch (RuleBaseException e) {
      problems.addAll(e.problems());
    }
    return new RuleCompiler.Compiled(set.hasErrors() ? null : built, problems);
  }

  private void serve(boolean watch, Path... paths) throws Exception {
    List<Path> given = paths.length == 0 ? List.of(rules) : List.of(paths);
    RuleCompiler.Compiled first = compile(RuleSet.load(given), null);
    assertTrue(first.ruleBase() != null, first.problems().toString());
    Settings settings =
        Settings.defaults()
            .with(Settings.SERVE_PORT, 0, "test")
            .with(Settings.SERVE_DRAIN_TIMEOUT, Duration.ofSeconds(2), "test")
            .with(Settings.AUDIT_FILE, dir.resolve("audit.jsonl"), "test");
    server =
        new PiccoloServer(
            first.ruleBase(),
            new ReloadableRules(given, RuleReloadTest::compile, watch),
            store = StateStores.file(dir.resolve("store.json")),
            settings,
            decided::addAll,
            new PrintWriter(log, true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Path rulesWith(String name, String text) throws Exception {
    rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve(name), text);
    return rules;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String file, String text) throws Exception {
    return send("PUT", "/api/v1/rules/" + file, text);
  }

  private void sample(String path, Object value) throws Exception {
    String json = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    HttpResponse<String> answer =
        send("POST", "/api/v1/signals", "[{\"path\": \"" + path + "\", \"value\": " + json + "}]");
    assertEquals(202, answer.statusCode(), answer.body());
  }

  private double metric(String line) throws Exception {
    for (String l : send("GET", "/metrics", "").body().split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return Double.NaN;
  }

  private List<DecidedAction> decidedFor(String target) {
    return decided.stream().filter(d -> d.target().equals(target)).toList();
  }

  /** The lines of the event stream as they arrive. */
  private BlockingQueue<String> subscribe() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<java.util.stream.Stream<String>> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, answer.statusCode());
    Thread reader = new Thread(() -> answer.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    Waits.until("subscribed", Duration.ofSeconds(10), () -> lines.contains(": subscribed"));
    return lines;
  }

  private static JsonObject reloadEvent(BlockingQueue<String> lines) {
    List<String> seen = List.copyOf(lines);
    for (int i = 0; i + 1 < seen.size(); i++) {
      if (seen.get(i).equals("event: reload") && seen.get(i + 1).startsWith("data: ")) {
        return new JsonObject(seen.get(i + 1).substring("data: ".length()));
      }
    }
    return null;
  }

  @Test
  void aReloadWhileInReverseDoesNotLaunchTheRearCameraAgain() throws Exception {
    String camera = Files.readString(REPO.resolve("rules/camera/rear-camera.drl"));
    serve(false, rulesWith("rear-camera.drl", camera));
    sample(GEAR, -1);
    Waits.until(
        "the camera is launched",
        Duration.ofSeconds(10),
        () -> decidedFor("rear-camera").size() == 1);
    HttpResponse<String> reloaded = put("rear-camera.drl", camera + "\n// reviewed\n");
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    JsonObject summary = new JsonObject(reloaded.body());
    assertEquals(
        1, summary.getJsonObject("carriedOver").getInteger("declaredFacts"), reloaded.body());
    sample(GEAR, -1);
    Waits.holdsFor(
        "the camera is not launched again",
        Duration.ofMillis(500),
        () -> decidedFor("rear-camera").size() == 1);
    sample(GEAR, 1);
    Waits.until(
        "the new rules still turn it off",
        Duration.ofSeconds(10),
        () -> decided.stream().anyMatch(d -> d.action().equals("terminate")));
    assertTrue(Files.readString(rules.resolve("rear-camera.drl")).endsWith("// reviewed\n"));
  }

  private static final String AVERAGE =
      """
      package rules.speed;
      rule "average speed"
      when
          Signal(path == "Vehicle.Speed")
          $avg : Number() from accumulate(
              SignalEvent(path == "Vehicle.Speed", $n : number) over window:time(60s),
              average($n))
      then
          actions.request("report", "average", Map.of("avg", $avg.doubleValue()));
      end
      """;

  @Test
  void aSixtySecondAverageIsNotResetByAReload() throws Exception {
    serve(false, rulesWith("average.drl", AVERAGE));
    long now = System.currentTimeMillis();
    StringBuilder earlier = new StringBuilder("[");
    for (int i = 0; i < 6; i++) {
      earlier
          .append(i == 0 ? "" : ",")
          .append("{\"path\": \"Vehicle.Speed\", \"value\": 150, \"time\": ")
          .append(now - 50_000 + i * 10_000)
          .append("}");
    }
    assertEquals(202, send("POST", "/api/v1/signals", earlier + "]").statusCode());
    Waits.until(
        "the average is reported", Duration.ofSeconds(10), () -> !decidedFor("average").isEmpty());
    HttpResponse<String> reloaded = put("average.drl", AVERAGE + "// reviewed\n");
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    assertEquals(
        6,
        new JsonObject(reloaded.body()).getJsonObject("carriedOver").getInteger("signalEvents"),
        reloaded.body());
    sample("Vehicle.Speed", 10);
    double expected = (6 * 150.0 + 10) / 7; // 10 alone if the reload had reset the window
    Waits.until(
        "the new rules average the samples from before the reload with the new one, " + expected,
        Duration.ofSeconds(10),
        () ->
            decidedFor("average").stream()
                .anyMatch(d -> Math.abs((double) d.params().get("avg") - expected) < 1e-9));
  }

  private static final String HELD =
      """
      apiVersion: v1
      kind: Scenario
      metadata:
        name: held-speed
      spec:
        when: {signal: Vehicle.Speed, op: gt, value: LIMIT, for: 5s}
        action: launch
        target: held-speed-app
      """;

  private JsonObject rulesStatus() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (StreamClient ws = new StreamClient(vertx, server.port())) {
      return ws.result("rules.status", null).getJsonObject("rules");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void rulesStatusCountsTheRulesOfTheLastReload() throws Exception {
    serve(
        false,
        rulesWith(
            "a.drl", "package a;\nrule \"one\" when Signal(path == \"Vehicle.Speed\") then end\n"));
    JsonObject before = rulesStatus();
    assertEquals(1, before.getInteger("drlRules"), before::encode);
    assertEquals(1, before.getInteger("drlPackages"), before::encode);
    assertEquals(0, before.getInteger("scenarios"), before::encode);
    HttpResponse<String> added =
        put(
            "b.drl",
            "package b;\nrule \"two\" when Signal(path == \"Vehicle.Speed\") then end\n"
                + "rule \"three\" when Signal(path == \"Vehicle.Speed\") then end\n");
    assertEquals(200, added.statusCode(), added.body());
    assertEquals(200, put("held.yaml", HELD.replace("LIMIT", "100")).statusCode());
    JsonObject after = rulesStatus();
    assertEquals(3, after.getInteger("drlRules"), after::encode);
    assertEquals(2, after.getInteger("drlPackages"), after::encode);
    assertEquals(1, after.getInteger("scenarios"), after::encode);
  }

  @Test
  void aScenarioAReloadAddsIsRecordedAsWaitingAndOneItRemovesIsSetIdle() throws Exception {
    serve(false, rulesWith("a.drl", "package a;\n"));
    assertEquals(200, put("held.yaml", HELD.replace("LIMIT", "100")).statusCode());
    Waits.until(
        "the new scenario is waiting in the store",
        Duration.ofSeconds(10),
        () -> storedState("held-speed").equals(java.util.Optional.of("waiting")));
    assertEquals(200, send("DELETE", "/api/v1/rules/held.yaml", "").statusCode());
    Waits.until(
        "the removed scenario is idle",
        Duration.ofSeconds(10),
        () -> storedState("held-speed").equals(java.util.Optional.of("idle")));
  }

  private java.util.Optional<String> storedState(String scenario) throws Exception {
    return store.state(io.piccolo.engine.state.ResourceKind.SCENARIO, scenario);
  }

  @Test
  void aForTimerOfAnUnchangedScenarioKeepsRunningAcrossAReload() throws Exception {
    serve(false, rulesWith("held.yaml", HELD.replace("LIMIT", "100")));
    long start = System.currentTimeMillis();
    sample("Vehicle.Speed", 130);
    Waits.holdsFor("3 s of the 5 s pass", Duration.ofSeconds(3), decided::isEmpty);
    HttpResponse<String> reloaded = put("other.drl", "package other;\n");
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    assertEquals(
        1,
        new JsonObject(reloaded.body())
            .getJsonObject("carriedOver")
            .getInteger("scenariosContinued"));
    Waits.until("the timer fires", Duration.ofSeconds(10), () -> !decided.isEmpty());
    long firedAfter = decided.get(0).timeMillis() - start;
    assertTrue(
        firedAfter >= 5_000 && firedAfter < 6_500, "fired " + firedAfter + " ms after the sample");
  }

  @Test
  void aChangedScenarioStartsAfresh() throws Exception {
    serve(false, rulesWith("held.yaml", HELD.replace("LIMIT", "100")));
    sample("Vehicle.Speed", 130);
    Waits.holdsFor("3 s of the 5 s pass", Duration.ofSeconds(3), decided::isEmpty);
    long reloadedAt = System.currentTimeMillis();
    HttpResponse<String> reloaded = put("held.yaml", HELD.replace("LIMIT", "110"));
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    assertEquals(
        1,
        new JsonObject(reloaded.body())
            .getJsonObject("carriedOver")
            .getInteger("scenariosStarted"));
    Waits.until("the timer fires", Duration.ofSeconds(10), () -> !decided.isEmpty());
    long firedAfter = decided.get(0).timeMillis() - reloadedAt;
    assertTrue(
        firedAfter >= 4_900, "fired " + firedAfter + " ms after the reload, not 5 s after it");
  }

  @Test
  void aChangedDeclarationIsDroppedAndTheReloadEventNamesIt() throws Exception {
    String camera = Files.readString(REPO.resolve("rules/camera/rear-camera.drl"));
    serve(false, rulesWith("rear-camera.drl", camera));
    BlockingQueue<String> events = subscribe();
    sample(GEAR, -1);
    Waits.until(
        "the camera is launched",
        Duration.ofSeconds(10),
        () -> decidedFor("rear-camera").size() == 1);
    String changed =
        camera.replace("declare RearCameraOn end", "declare RearCameraOn since : long end");
    assertFalse(changed.equals(camera));
    assertEquals(200, put("rear-camera.drl", changed).statusCode());
    Waits.until(
        "the reload is streamed", Duration.ofSeconds(10), () -> reloadEvent(events) != null);
    JsonObject event = reloadEvent(events);
    assertEquals("ok", event.getString("result"), event.encode());
    JsonObject dropped = event.getJsonArray("dropped").getJsonObject(0);
    assertEquals("rules.camera.RearCameraOn", dropped.getString("type"), event.encode());
    assertEquals(1, dropped.getInteger("facts"));
    assertEquals("its declaration changed", dropped.getString("reason"));
  }

  @Test
  void aBadFileWhileSignalsFlowLosesNoSampleAndChangesNothing() throws Exception {
    String camera = Files.readString(REPO.resolve("rules/camera/rear-camera.drl"));
    serve(false, rulesWith("rear-camera.drl", camera));
    BlockingQueue<String> events = subscribe();
    AtomicBoolean flowing = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    Thread publisher =
        new Thread(
            () -> {
              for (int i = 0; flowing.get(); i++) {
                try {
                  sample("Vehicle.Speed", i % 200);
                  sent.incrementAndGet();
                } catch (Exception | AssertionError e) {
                  return;
                }
              }
            });
    publisher.start();
    Waits.until("samples flow", Duration.ofSeconds(10), () -> sent.get() > 20);
    HttpResponse<String> refused =
        put("rear-camera.drl", camera.replace("not RearCameraOn()", "not RearCameraOn("));
    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").get());
    assertTrue(refused.body().contains("rear-camera.drl:"), refused.body());
    JsonObject problem = new JsonObject(refused.body()).getJsonArray("problems").getJsonObject(0);
    assertTrue(problem.getInteger("line") > 1 && problem.getInteger("column") >= 1, refused.body());
    HttpResponse<String> fine = put("rear-camera.drl", camera + "// reviewed\n");
    assertEquals(200, fine.statusCode(), fine.body());
    long before = sent.get();
    Waits.until(
        "samples still flow after the reloads",
        Duration.ofSeconds(10),
        () -> sent.get() > before + 20);
    flowing.set(false);
    publisher.join();
    Waits.until(
        "every accepted sample is evaluated",
        Duration.ofSeconds(20),
        () -> metric("piccolo_signals_in_total") == metric("piccolo_signals_accepted_total"));
    assertEquals((double) sent.get(), metric("piccolo_signals_in_total"));
    assertEquals(1.0, metric("piccolo_rules_reloads_total{result=\"failed\"}"));
    assertEquals(1.0, metric("piccolo_rules_reloads_total{result=\"ok\"}"));
    Waits.until(
        "the failed reload is streamed", Duration.ofSeconds(10), () -> reloadEvent(events) != null);
    JsonObject event = reloadEvent(events);
    assertEquals("failed", event.getString("result"), event.encode());
    assertTrue(
        event
            .getJsonArray("problems")
            .getJsonObject(0)
            .getString("text")
            .contains("rear-camera.drl:"));
    assertTrue(log.toString().contains("rules not reloaded"), log.toString());
    sample(GEAR, -1);
    Waits.until(
        "the rules still run", Duration.ofSeconds(10), () -> decidedFor("rear-camera").size() == 1);
  }

  @Test
  void anUploadTheSandboxRefusesIsAnswered422WithItsPositionAndIsNotWritten() throws Exception {
    serve(false, rulesWith("fine.drl", "package fine;\n"));
    HttpResponse<String> refused =
        put(
            "escape.drl",
            "package escape;\nrule \"leave\" when Signal() then\n  System.exit(3);\nend\n");
    assertEquals(422, refused.statusCode(), refused.body());
    JsonObject problem = new JsonObject(refused.body()).getJsonArray("problems").getJsonObject(0);
    assertTrue(problem.getString("file").endsWith("escape.drl"), refused.body());
    assertEquals(3, problem.getInteger("line"), refused.body());
    assertTrue(
        problem.getString("message").contains("'java.lang.System.exit' is not allowed"),
        refused.body());
    assertFalse(Files.exists(rules.resolve("escape.drl")), "a refused file is not written");
    try (var left = Files.list(rules)) {
      assertEquals(List.of(rules.resolve("fine.drl")), left.toList(), "no temporary file is left");
    }
  }

  @Test
  void ruleChangesAreAuditedWithWhoAndHowTheyEnded() throws Exception {
    serve(false, rulesWith("fine.drl", "package fine;\n"));
    assertEquals(200, put("other.drl", "package other;\n").statusCode());
    assertEquals(
        422, put("broken.drl", "package broken;\nrule \"b\" when Signal( then end\n").statusCode());
    assertEquals(200, send("DELETE", "/api/v1/rules/other.drl", "").statusCode());
    Path audit = dir.resolve("audit.jsonl");
    Waits.until(
        "three rule changes are audited",
        Duration.ofSeconds(10),
        () ->
            Files.exists(audit)
                && Files.readString(audit).lines().filter(l -> l.contains("\"rule.")).count() == 3);
    List<JsonObject> lines =
        Files.readString(audit)
            .lines()
            .map(JsonObject::new)
            .filter(l -> l.getString("action").startsWith("rule."))
            .toList();
    assertEquals("local", lines.get(0).getString("who"));
    assertEquals("rule.upload", lines.get(0).getString("action"));
    assertTrue(lines.get(0).getString("what").endsWith("other.drl"), lines.toString());
    assertEquals("ok", lines.get(0).getString("result"));
    assertTrue(
        lines.get(1).getString("result").startsWith("refused: ")
            && lines.get(1).getString("result").contains("broken.drl:2:"),
        lines.toString());
    assertEquals("rule.delete", lines.get(2).getString("action"));
  }

  @Test
  void aNameThatIsAPathOrNoRuleFileIsRefused() throws Exception {
    serve(false, rulesWith("fine.drl", "package fine;\n"));
    for (String name :
        List.of("..%2F..%2Fescape.drl", "sub%2Fx.drl", ".hidden.drl", "notes.txt", "x.spec.yaml")) {
      HttpResponse<String> refused = put(name, "package x;\n");
      assertEquals(400, refused.statusCode(), name + ": " + refused.body());
      assertTrue(refused.body().contains("nothing changed"), refused.body());
    }
    assertEquals(400, send("GET", "/api/v1/rules/..%2Fstore.json", "").statusCode());
    assertEquals(400, send("DELETE", "/api/v1/rules/..%2Ffine.drl", "").statusCode());
    assertFalse(Files.exists(dir.resolve("escape.drl")));
    assertFalse(Files.exists(dir.getParent().resolve("escape.drl")));
  }

  @Test
  void rulesAreListedReadUploadedAndRemoved() throws Exception {
    serve(false, rulesWith("fine.drl", "package fine;\n"));
    HttpResponse<String> listed = send("GET", "/api/v1/rules", "");
    assertEquals(200, listed.statusCode(), listed.body());
    JsonObject file = new JsonObject(listed.body()).getJsonArray("files").getJsonObject(0);
    assertEquals("fine.drl", file.getString("name"));
    assertEquals("drl", file.getString("kind"));
    assertEquals(14, file.getInteger("size"));
    HttpResponse<String> created = put("held.yaml", HELD.replace("LIMIT", "100"));
    assertEquals(200, created.statusCode(), created.body());
    assertEquals(1, new JsonObject(created.body()).getInteger("scenarios"));
    HttpResponse<String> read = send("GET", "/api/v1/rules/held.yaml", "");
    assertEquals(HELD.replace("LIMIT", "100"), read.body());
    assertTrue(read.headers().firstValue("Content-Type").get().startsWith("application/yaml"));
    assertEquals(200, send("DELETE", "/api/v1/rules/held.yaml", "").statusCode());
    assertFalse(Files.exists(rules.resolve("held.yaml")));
    assertEquals(404, send("GET", "/api/v1/rules/held.yaml", "").statusCode());
    assertEquals(404, send("DELETE", "/api/v1/rules/held.yaml", "").statusCode());
  }

  @Test
  void withoutARuleFolderUploadsAreRefusedSayingWhy() throws Exception {
    Path only =
        Files.writeString(
            Files.createDirectories(dir.resolve("one")).resolve("only.drl"), "package only;\n");
    serve(false, only);
    HttpResponse<String> refused = put("other.drl", "package other;\n");
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("--rules names files only, no folder"), refused.body());
    assertEquals(200, send("GET", "/api/v1/rules/only.drl", "").statusCode());
  }

  @Test
  void aSavedFileGoesLiveWithTheWatchAndABrokenOneIsLogged() throws Exception {
    serve(true, rulesWith("fine.drl", "package fine;\n"));
    Path saved = rules.resolve("fast.drl");
    Path temp = rules.resolve(".fast.drl.swp");
    Files.writeString(
        temp,
        "package fast;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
            + " actions.launch(\"speed-warning\"); end\n");
    Files.move(temp, saved); // as editors save
    Waits.until(
        "the saved rule decides",
        Duration.ofSeconds(10),
        () -> {
          sample("Vehicle.Speed", 0);
          sample("Vehicle.Speed", 130);
          return !decidedFor("speed-warning").isEmpty();
        });
    Files.writeString(
        rules.resolve("broken.drl"), "package broken;\nrule \"b\" when Signal( then end\n");
    Waits.until(
        "the broken file is logged with its position",
        Duration.ofSeconds(10),
        () -> log.toString().contains("broken.drl:2:"));
    assertEquals(1.0, metric("piccolo_rules_reloads_total{result=\"ok\"}"), log.toString());
  }
}
