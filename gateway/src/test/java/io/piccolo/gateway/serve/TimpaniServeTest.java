package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.scheduler.Kernel;
import io.piccolo.scheduler.testing.Cgroups;
import io.piccolo.scheduler.testing.JvmPinning;
import io.piccolo.scheduler.testing.Workload;
import io.vertx.core.Vertx;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Package with a Schedule in a real serve with the TIMPANI executor: a rule requests {@code
 * schedule}, the test workload runs under the Schedule's policy, and an overloaded task's misses
 * come back as DeadlineMiss facts and stop it after its Policy's count. The overloaded task runs on
 * CPU 1 and this JVM (serve's evaluator included) on CPU 0.
 */
@Timeout(120)
class TimpaniServeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final String DRL =
      """
      package live;
      rule "schedule the real-time workload"
      when
          Signal(path == "Vehicle.Test.RealTime", number == 1)
      then
          actions.request("schedule", "rt-pkg", null);
      end
      rule "launch the real-time workload"
      when
          Signal(path == "Vehicle.Test.RealTime", number == 2)
      then
          actions.launch("rt-pkg");
      end
      rule "a launched Package gets the Schedule it names"
      when
          $r : ActionResult(action == "launch", outcome == "succeeded", $p : target)
          PackageSpec(name == $p, schedule != null)
          not ActionResult(requestId == $r.requestId, model < $r.model)
      then
          actions.request("schedule", $p, null);
      end
      rule "a deadline miss is seen"
      when
          DeadlineMiss(workload == "rt-pkg", count == 1)
      then
          actions.request("notify", "driver", null);
      end
      """;

  private static String workload(String computeTask, long declaredRuntime) {
    return """
        apiVersion: v1
        kind: Schedule
        metadata:
          name: rt-schedule
        spec:
          - name: %s
            priority: 20
            policy: FIFO
            cpu_affinity: 2
            period: 1000
            release_time: 0
            runtime: %d
            deadline: 1000
            node_id: HPC
            max_dmiss: 0
        ---
        apiVersion: v1
        kind: Policy
        metadata:
          name: rt-policy
        spec:
          procedure:
            strategy: stop
            trigger:
              deadlineMissThreshold:
                count: 5
        ---
        apiVersion: v1
        kind: Model
        metadata:
          name: rt-model
        spec:
          containers:
            - name: rt
              image: localhost/piccolo/busybox:1
        ---
        apiVersion: v1
        kind: Package
        metadata:
          name: rt-pkg
        spec:
          schedule: rt-schedule
          policy: rt-policy
          models:
            - name: rt-model
              node: HPC
        """
        .formatted(computeTask, declaredRuntime);
  }

  @TempDir Path dir;
  private final StringWriter log = new StringWriter();
  private final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  private final Vertx client = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Loopback loopback = new Loopback(() -> this.server.port());
  private PiccoloServer server;

  @BeforeEach
  void start() throws Exception {
    try (Kernel kernel = Kernel.start(e -> {})) {
      JvmPinning.pinTo(kernel, "0");
    }
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("rt.drl"), DRL);
    server =
        new PiccoloServer(
            RuleSet.load(List.of(rules)).builder().build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults().with(Settings.SERVE_PORT, 0, "test"),
            decided::addAll,
            new PrintWriter(log, true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Each test's workload has ended: the executor removes the cgroups it made for it. */
  @AfterEach
  void stop() throws Exception {
    try {
      Waits.until(
          "the executor to remove the cpuset cgroups of the workload that ended",
          WAIT,
          () -> Cgroups.leftBehind("rt-schedule").isEmpty());
    } finally {
      if (server != null) {
        server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/rt-schedule"));
    }
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return loopback.post(path, body);
  }

  private String metrics() throws Exception {
    return loopback.metrics();
  }

  private void signal() throws Exception {
    signal(1);
  }

  private void signal(int value) throws Exception {
    try (StreamClient ws = new StreamClient(client, server.port())) {
      ws.result("signal.publish", StreamTest.sample("Vehicle.Test.RealTime", value));
    }
  }

  private boolean decidedBy(String rule) {
    return decided.stream().anyMatch(d -> d.rule().equals(rule));
  }

  @Test
  void aScheduleRequestedByARuleRunsTheWorkloadUnderItsPolicy() throws Exception {
    assertEquals(200, post("/api/artifact", workload("rt-task", 100)).statusCode());
    try (Workload w = Workload.periodic("rt-task", 50)) {
      signal();
      Waits.until("the workload under SCHED_FIFO", WAIT, () -> w.policyFromStat() == 1);
      assertEquals(20, w.rtPriorityFromStat());
      assertEquals("1", w.status("Cpus_allowed_list"));
      Waits.until(
          "the jitter of its releases in the metrics",
          WAIT,
          () ->
              metrics()
                  .lines()
                  .anyMatch(
                      l ->
                          l.startsWith("piccolo_timpani_jitter_seconds_count{")
                              && l.contains("task=\"rt-task\"")
                              && l.contains("workload=\"rt-pkg\"")));
      assertTrue(w.alive());
    }
  }

  @Test
  void aLaunchedPackageThatNamesAScheduleGetsItApplied() throws Exception {
    assertEquals(200, post("/api/artifact", workload("rt-launched", 100)).statusCode());
    try (Workload w = Workload.periodic("rt-launched", 50)) {
      signal(2);
      Waits.until("the workload under SCHED_FIFO", WAIT, () -> w.policyFromStat() == 1);
      assertEquals(
          1,
          decided.stream()
              .filter(d -> d.rule().equals("a launched Package gets the Schedule it names"))
              .count(),
          "one schedule per launch, not one per Model");
    }
  }

  @Test
  void anOverloadsMissesReachTheRulesAndStopTheWorkloadAfterThePolicysCount() throws Exception {
    assertEquals(200, post("/api/artifact", workload("rt-over", 300)).statusCode());
    try (Workload w = Workload.periodic("rt-over", 1500)) {
      signal();
      Waits.until("the workload to be stopped by its Policy", WAIT, () -> !w.alive());
      Waits.until(
          "the rule on DeadlineMiss decided", WAIT, () -> decidedBy("a deadline miss is seen"));
      Waits.until(
          "the misses counted",
          WAIT,
          () ->
              metrics()
                  .lines()
                  .anyMatch(
                      l ->
                          l.startsWith("piccolo_timpani_deadline_misses_total{")
                              && l.contains("task=\"rt-over\"")));
      Waits.until(
          "the stop in serve's log",
          WAIT,
          () ->
              log.toString()
                  .contains(
                      "timpani: rt-pkg stopped: its tasks missed 5 deadline(s) (Policy rt-policy"
                          + " deadlineMissThreshold is 5)"));
    }
  }

  @Test
  void degradeLowersTheTaskAndTellsTheEventStreamTheLogAndTheMetrics() throws Exception {
    String yaml = workload("rt-degrade", 300).replace("strategy: stop", "strategy: degrade");
    assertEquals(200, post("/api/artifact", yaml).statusCode());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> sse =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + server.port()
                            + "/api/v1/events?kind=timpani&target=rt-pkg"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> sse.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    Waits.until("subscribed", WAIT, () -> lines.contains(": subscribed"));
    try (Workload w = Workload.periodic("rt-degrade", 1500)) {
      signal();
      Waits.until("the task lowered to SCHED_OTHER", WAIT, () -> w.policyFromStat() == 0);
      assertTrue(w.alive(), "degrade keeps it running");
      Waits.until("the timpani event", WAIT, () -> lines.contains("event: timpani"));
      Waits.until(
          "its data",
          WAIT,
          () -> lines.stream().anyMatch(l -> l.startsWith("data: {") && l.contains("degrade")));
      String data = lines.stream().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow();
      assertTrue(
          data.matches(
              "data: \\{\"time\":\\d+\\.\\d{1,3},\"workload\":\"rt-pkg\",\"schedule\":\"rt-schedule\","
                  + "\"strategy\":\"degrade\",\"reason\":\"its tasks missed 5 deadline\\(s\\)"
                  + " \\(Policy rt-policy deadlineMissThreshold is 5\\)\",\"tasks\":\\[\"rt-degrade"
                  + " \\(pid "
                  + w.pid()
                  + "\\)\"\\],\"node\":\"HPC\"\\}"),
          data);
      Waits.until(
          "the log line",
          WAIT,
          () ->
              log.toString()
                  .contains(
                      "timpani: rt-pkg lowered to SCHED_OTHER (rt-degrade (pid "
                          + w.pid()
                          + ")): its tasks missed 5 deadline(s)"));
      assertTrue(
          metrics()
              .lines()
              .anyMatch(
                  l ->
                      l.equals(
                          "piccolo_timpani_policy_actions_total{strategy=\"degrade\",workload=\"rt-pkg\"}"
                              + " 1.0")),
          "the counter");
    }
  }
}
