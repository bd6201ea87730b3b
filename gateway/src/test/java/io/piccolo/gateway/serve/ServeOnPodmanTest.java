package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.state.ResourceKind;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code serve --runtime podman} against a real Podman API service: Packages and Models applied
 * over serve's API, signals posted, and the real containers inspected with the {@code podman}
 * command. One service for the class; each test has its own server, store and Models.
 */
@Timeout(180)
class ServeOnPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Each action on demand: the sample's text names the Package. */
  private static final String DRL =
      """
      package live;
      rule "launch on demand"
      when Signal(path == "Vehicle.Test.Launch", $t : text) then actions.launch($t); end
      rule "terminate on demand"
      when Signal(path == "Vehicle.Test.Terminate", $t : text) then actions.terminate($t); end
      rule "update on demand"
      when Signal(path == "Vehicle.Test.Update", $t : text) then actions.update($t); end
      rule "rollback on demand"
      when Signal(path == "Vehicle.Test.Rollback", $t : text) then actions.rollback($t); end
      rule "tell the driver the camera died"
      when ModelState(name == "died", state == "dead") then actions.request("notify", "driver", null); end
      rule "fall back when a launch fails"
      when ActionResult(action == "launch", target == "away", outcome == "failed")
      then actions.request("notify", "fallback", null); end
      """;

  /** A shell that runs until told to stop and stops at once on SIGTERM. */
  private static final String STOPS_AT_ONCE =
      "command: [\"/bin/sh\", \"-c\"], args: [\"trap 'exit 0' TERM; sleep 2147483647 & wait\"]";

  private static PodmanService podman;

  private LiveServer serve;
  private final Vertx client = Vertx.vertx();

  @BeforeAll
  static void startPodman() {
    podman = PodmanService.start();
  }

  @AfterAll
  static void stopPodman() {
    if (podman != null) {
      podman.close();
    }
  }

  @AfterEach
  void stopServe() throws Exception {
    if (serve != null) {
      serve.close();
    }
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    podman.podman("pod", "rm", "--all", "--force", "--time", "0");
    podman.podman("rm", "--all", "--force", "--time", "0");
  }

  private Settings settings() {
    return Settings.defaults()
        .with(Settings.RUNTIME, "podman", "test")
        .with(Settings.RUNTIME_SOCKET, Path.of(podman.socket()), "test")
        .with(Settings.ACTION_RETRIES, 2, "test")
        .with(Settings.ACTION_BACKOFF, Duration.ofMillis(100), "test")
        .with(Settings.ACTION_TIMEOUT, Duration.ofSeconds(10), "test");
  }

  /** The server's store, read by the test as it runs (the server closes it when it stops). */
  private final StateStore store = StateStores.inMemory();

  private LiveServer start() throws Exception {
    serve = new LiveServer(DRL, store, settings());
    return serve;
  }

  /**
   * A Package and its one Model, whose container {@code app} runs {@code run} (command and args,
   * and any other container fields, in flow style) with {@code VERSION} in its environment.
   */
  private static String workload(String name, String version, String run, boolean warm) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Package",
        "metadata: {name: " + name + "}",
        "spec:",
        warm ? "  warm: true" : "  pattern: [{type: plain}]",
        "  models: [{name: " + name + ", node: HPC}]",
        "---",
        "apiVersion: v1",
        "kind: Model",
        "metadata: {name: " + name + ", labels: {app: " + name + "}}",
        "spec:",
        "  terminationGracePeriodSeconds: 2",
        "  restartPolicy: Never",
        "  containers:",
        "    - {name: app, image: \""
            + PodmanService.IMAGE
            + "\", "
            + run
            + ", env: [{name: VERSION, value: \""
            + version
            + "\"}]}",
        "");
  }

  private static String workload(String name, String version, boolean warm) {
    return workload(name, version, STOPS_AT_ONCE, warm);
  }

  private void apply(String yaml) throws Exception {
    HttpResponse<String> applied = serve.post("/api/artifact", yaml);
    assertEquals(200, applied.statusCode(), applied::body);
  }

  private void signal(String path, String target) throws Exception {
    HttpResponse<String> sent =
        serve.post("/api/v1/signals", "[{\"path\":\"" + path + "\",\"value\":\"" + target + "\"}]");
    assertEquals(202, sent.statusCode(), sent::body);
  }

  private String containerState(String container) {
    try {
      return podman.state(container);
    } catch (AssertionError noSuchContainer) {
      return "missing";
    }
  }

  private Optional<String> modelState(String model) throws Exception {
    return store.state(ResourceKind.MODEL, model);
  }

  private Optional<String> packageState(String pkg) throws Exception {
    return store.state(ResourceKind.PACKAGE, pkg);
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("Config").path("Env")) {
      if (e.asText().startsWith(name + "=")) {
        return e.asText().substring(name.length() + 1);
      }
    }
    return null;
  }

  @Test
  void aLaunchRunsTheModelAsWrittenAndATerminateStopsItWithinItsGracePeriod() throws Exception {
    start();
    // sleep as PID 1 ignores SIGTERM: only the kill after the grace period ends it
    apply(
        workload(
            "camera",
            "1",
            "command: [\"/bin/sleep\", \"2147483647\"], resources: {limits: {memory: 32Mi}}",
            false));
    signal("Vehicle.Test.Launch", "camera");
    Waits.until("the container runs", WAIT, () -> containerState("camera_app").equals("running"));
    JsonNode container = podman.inspect("camera_app");
    assertEquals("1", env(container, "VERSION"));
    assertEquals(32L * 1024 * 1024, container.path("HostConfig").path("Memory").asLong());
    JsonNode labels = container.path("Config").path("Labels");
    assertEquals("launch on demand", labels.path("io.piccolo.scenario").asText());
    assertEquals("camera", labels.path("io.piccolo.package").asText());
    assertEquals("HPC", labels.path("io.piccolo.node").asText());
    assertEquals("camera", labels.path("app").asText());
    Waits.until("the Model runs", WAIT, () -> modelState("camera").equals(Optional.of("running")));
    Waits.until(
        "the Package runs", WAIT, () -> packageState("camera").equals(Optional.of("running")));
    assertEquals(
        1.0,
        serve.metric(
            "piccolo_action_duration_seconds_count{action=\"launch\",executor=\"podman\","
                + "outcome=\"succeeded\"}"),
        "the duration is counted under the executor that did the work");

    long asked = System.nanoTime();
    signal("Vehicle.Test.Terminate", "camera");
    Waits.until("the pod is removed", WAIT, () -> !podman.exists("pod", "camera"));
    Duration took = Duration.ofNanos(System.nanoTime() - asked);
    assertTrue(
        took.compareTo(Duration.ofSeconds(2)) >= 0,
        "a container that ignores SIGTERM is killed only after the grace period: " + took);
    Waits.until("the Model exited", WAIT, () -> modelState("camera").equals(Optional.of("exited")));
    Waits.until(
        "the Package exited", WAIT, () -> packageState("camera").equals(Optional.of("exited")));
  }

  @Test
  void anUpdateRunsTheCurrentModelAndARollbackThePreviousOne() throws Exception {
    start();
    apply(workload("nav", "1", false));
    signal("Vehicle.Test.Launch", "nav");
    Waits.until("version 1 runs", WAIT, () -> containerState("nav_app").equals("running"));
    String first = podman.inspect("nav_app").path("Id").asText();
    apply(workload("nav", "2", false));
    signal("Vehicle.Test.Update", "nav");
    Waits.until(
        "version 2 runs",
        WAIT,
        () ->
            containerState("nav_app").equals("running")
                && "2".equals(env(podman.inspect("nav_app"), "VERSION")));
    assertNotEquals(first, podman.inspect("nav_app").path("Id").asText(), "a new container");
    assertEquals(
        "2",
        podman
            .inspect("nav_app")
            .path("Config")
            .path("Labels")
            .path("io.piccolo.model-version")
            .asText());

    signal("Vehicle.Test.Rollback", "nav");
    Waits.until(
        "version 1 runs again",
        WAIT,
        () ->
            containerState("nav_app").equals("running")
                && "1".equals(env(podman.inspect("nav_app"), "VERSION")));
    assertEquals(
        "3",
        podman
            .inspect("nav_app")
            .path("Config")
            .path("Labels")
            .path("io.piccolo.model-version")
            .asText(),
        "the previous document, stored as the new current version");
    assertEquals(List.of("nav"), podman.pods(), "one pod throughout");
  }

  @Test
  void aContainerThatDiesByItselfIsDeadWithinASecondARuleReactsAndATerminateLeavesItDead()
      throws Exception {
    start();
    apply(workload("died", "1", "command: [\"/bin/sh\", \"-c\", \"sleep 1; exit 3\"]", false));
    try (StreamClient ws = new StreamClient(client, serve.server.port())) {
      ws.result("events.subscribe", new JsonObject().put("kinds", new JsonArray().add("state")));
      signal("Vehicle.Test.Launch", "died");
      Waits.until("the Model is dead", WAIT, () -> deadEvent(ws) != null);
      Instant finished =
          Instant.parse(podman.inspect("died_app").path("State").path("FinishedAt").asText());
      Instant told = Instant.ofEpochMilli((long) (deadEvent(ws).getDouble("time") * 1000));
      Duration late = Duration.between(finished, told);
      assertTrue(
          late.compareTo(Duration.ofSeconds(1)) < 0,
          "the state follows the runtime's event within 1 s, not a poll: " + late);
      assertEquals(
          "container died_app exited with code 3 (restartPolicy Never)",
          deadEvent(ws).getString("reason"));
    }
    Waits.until(
        "the rule reading the Model's state decided",
        WAIT,
        () -> serve.decided.stream().anyMatch(d -> d.rule().startsWith("tell the driver")));
    Waits.until(
        "the Package is in error", WAIT, () -> packageState("died").equals(Optional.of("error")));

    signal("Vehicle.Test.Terminate", "died");
    Waits.until("the dead pod is removed", WAIT, () -> !podman.exists("pod", "died"));
    Waits.holdsFor(
        "the Model stays dead: removing it does not make it one that ended well",
        Duration.ofMillis(500),
        () -> modelState("died").equals(Optional.of("dead")));
    assertFalse(serve.log.toString().contains("model state not recorded"), serve.log::toString);
  }

  private static JsonObject deadEvent(StreamClient ws) {
    return ws.notifications.stream()
        .map(n -> n.getJsonObject("params").getJsonObject("event"))
        .filter(e -> "died".equals(e.getString("model")) && "dead".equals(e.getString("to")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void podmanAwayFailsTheWorkAfterItsRetriesAndOnceBackTheNextLaunchRunsOneContainer()
      throws Exception {
    start();
    apply(workload("away", "1", false));
    podman.stop();
    try {
      signal("Vehicle.Test.Launch", "away");
      Waits.until(
          "the launch failed after its retries",
          WAIT,
          () -> serve.log.toString().contains("launch away (Model away) on HPC failed:"));
      assertTrue(serve.log.toString().contains("(after 3 attempt(s))"), serve.log::toString);
      Waits.until(
          "a rule reacted to the failed result",
          WAIT,
          () -> serve.decided.stream().anyMatch(d -> d.rule().startsWith("fall back")));
      assertEquals(2.0, serve.metric("piccolo_action_retries_total{executor=\"podman\"}"));
      assertEquals(200, serve.get("/health/live").statusCode(), "serve carries on");
    } finally {
      podman.restart();
    }
    signal("Vehicle.Test.Launch", "away");
    Waits.until("the container runs", WAIT, () -> containerState("away_app").equals("running"));
    signal("Vehicle.Test.Launch", "away");
    Waits.until(
        "the second launch found it running",
        WAIT,
        () ->
            serve.metric(
                    "piccolo_action_duration_seconds_count{action=\"launch\",executor=\"podman\","
                        + "outcome=\"succeeded\"}")
                == 2.0);
    assertEquals(List.of("away_app"), podman.containers(), "no duplicate containers");
  }

  @Test
  void racingActionsOnOnePackageRunInDecisionOrder() throws Exception {
    start();
    apply(workload("race", "1", false));
    serve.post("/api/v1/signals", "[{\"path\":\"Vehicle.Test.Launch\",\"value\":\"race\"}]");
    serve.post("/api/v1/signals", "[{\"path\":\"Vehicle.Test.Launch\",\"value\":\"race\"}]");
    serve.post("/api/v1/signals", "[{\"path\":\"Vehicle.Test.Terminate\",\"value\":\"race\"}]");
    Waits.until(
        "all three ran",
        WAIT,
        () ->
            serve.metric(
                        "piccolo_action_duration_seconds_count{action=\"launch\","
                            + "executor=\"podman\",outcome=\"succeeded\"}")
                    == 2.0
                && serve.metric(
                        "piccolo_action_duration_seconds_count{action=\"terminate\","
                            + "executor=\"podman\",outcome=\"succeeded\"}")
                    == 1.0);
    assertEquals(List.of(), podman.containers(), "the terminate came last, as it was decided");
    Waits.until("the Model exited", WAIT, () -> modelState("race").equals(Optional.of("exited")));
  }

  @Test
  void aWarmPackageIsPreparedAtStartAndWhenAppliedAndItsLaunchOnlyStartsIt() throws Exception {
    store.apply(
        io.piccolo.connectors.artifact.ArtifactFile.read("rear.yaml", workload("rear", "1", true))
            .artifacts());
    start();
    Waits.until("prepared at start", WAIT, () -> containerState("rear_app").equals("created"));
    Waits.until(
        "the Model is created", WAIT, () -> modelState("rear").equals(Optional.of("created")));
    Waits.holdsFor(
        "the Package stays idle, never paused or running",
        Duration.ofMillis(300),
        () -> packageState("rear").orElse("idle").equals("idle"));
    String prepared = podman.inspect("rear_app").path("Id").asText();

    signal("Vehicle.Test.Launch", "rear");
    Waits.until("it runs", WAIT, () -> containerState("rear_app").equals("running"));
    assertEquals(
        prepared, podman.inspect("rear_app").path("Id").asText(), "the prepared one, only started");
    Waits.until(
        "the Package runs", WAIT, () -> packageState("rear").equals(Optional.of("running")));

    signal("Vehicle.Test.Terminate", "rear");
    Waits.until(
        "prepared again after the terminate",
        WAIT,
        () ->
            containerState("rear_app").equals("created")
                && !prepared.equals(podman.inspect("rear_app").path("Id").asText()));
    Waits.until("idle again", WAIT, () -> packageState("rear").equals(Optional.of("idle")));

    apply(workload("mirror", "1", true));
    Waits.until(
        "prepared when applied", WAIT, () -> containerState("mirror_app").equals("created"));
  }

  private static final String PREPARES_FAILED =
      "piccolo_action_duration_seconds_count{action=\"prepare\",executor=\"podman\","
          + "outcome=\"failed\"}";

  /** Serve started with the warm Package stored and Podman away, until its warm start failed. */
  private void startWhilePodmanIsAway(String warmPackage, int failedWarmStarts) throws Exception {
    store.apply(
        io.piccolo.connectors.artifact.ArtifactFile.read(
                warmPackage + ".yaml", workload(warmPackage, "1", true))
            .artifacts());
    podman.stop();
    try {
      start();
      Waits.until(
          "the warm start failed",
          WAIT,
          () -> serve.log.toString().contains("warm start of Model " + warmPackage + " on HPC"));
      Waits.until(
          "the warm start tried again while Podman is away",
          WAIT,
          () -> serve.metric(PREPARES_FAILED) >= failedWarmStarts);
    } finally {
      podman.restart();
    }
  }

  @Test
  void aWarmStartThatFailedWhilePodmanWasAwayIsPreparedOncePodmanIsBack() throws Exception {
    startWhilePodmanIsAway("late", 2);

    Waits.until(
        "prepared once Podman is back", WAIT, () -> containerState("late_app").equals("created"));
    Waits.until(
        "the Model is created", WAIT, () -> modelState("late").equals(Optional.of("created")));
    assertEquals(List.of("late_app"), podman.containers());
    assertEquals(
        1,
        serve.log.toString().lines().filter(l -> l.contains("warm start of Model late")).count(),
        () -> "the failure is told once, not at every try: " + serve.log);
  }

  @Test
  void aLaunchBeforeTheWarmStartIsTriedAgainStartsTheModelFromNothing() throws Exception {
    // enough failures in a row that the next try waits seconds
    startWhilePodmanIsAway("early", 5);

    signal("Vehicle.Test.Launch", "early");
    Waits.until("it runs", WAIT, () -> containerState("early_app").equals("running"));
    Waits.until("the Model runs", WAIT, () -> modelState("early").equals(Optional.of("running")));
    Waits.until(
        "the warm start tried again",
        WAIT,
        () ->
            serve.metric(
                    "piccolo_action_duration_seconds_count{action=\"prepare\","
                        + "executor=\"podman\",outcome=\"succeeded\"}")
                >= 1.0);
    assertEquals("running", containerState("early_app"), "the later warm start left it running");
    assertEquals(Optional.of("running"), modelState("early"));
    assertEquals(List.of("early_app"), podman.containers(), "no duplicate containers");
  }

  @Test
  void theDockerRuntimeRunsTheModelThroughTheDockerEngineApi() throws Exception {
    // Podman's Docker-compatible API on the same socket
    serve = new LiveServer(DRL, store, settings().with(Settings.RUNTIME, "docker", "test"));
    apply(workload("dock", "1", false));
    signal("Vehicle.Test.Launch", "dock");
    Waits.until("the container runs", WAIT, () -> containerState("dock_app").equals("running"));
    assertEquals(
        "dock",
        podman.inspect("dock_app").path("Config").path("Labels").path("io.piccolo.model").asText());
    Waits.until(
        "counted under the docker executor",
        WAIT,
        () ->
            serve.metric(
                    "piccolo_action_duration_seconds_count{action=\"launch\",executor=\"docker\","
                        + "outcome=\"succeeded\"}")
                == 1.0);
    signal("Vehicle.Test.Terminate", "dock");
    Waits.until("the container is removed", WAIT, () -> !podman.exists("dock_app"));
  }
}
