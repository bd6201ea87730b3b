package io.piccolo.adapters.podman;

import static io.piccolo.adapters.testing.ModelWork.exitsWhenTold;
import static io.piccolo.adapters.testing.ModelWork.model;
import static io.piccolo.adapters.testing.ModelWork.work;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.testing.ExecutorOnRuntime;
import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.connectors.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Podman executor against a real Podman API service, checked with the real containers. */
class PodmanExecutorTest {
  private static PodmanService podman;
  private static ExecutorOnRuntime<PodmanExecutor> on;
  private static PodmanExecutor executor;
  private static List<ObservedState> observed;

  @TempDir Path temp;

  @BeforeAll
  static void startPodman() throws Exception {
    podman = PodmanService.start();
    on = ExecutorOnRuntime.start(podman, PodmanExecutor::new);
    executor = on.executor();
    observed = on.observed();
  }

  @AfterAll
  static void stopPodman() throws Exception {
    on.close();
  }

  @Test
  void launchRunsOnePodWithTheModelsContainersAsWritten() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("greeting"), "hello from the host");
    JsonNode camera =
        model(
            "camera",
            """
            containers:
              - name: app
                image: %s
                command: ["/bin/sh", "-c"]
                args: ["echo started; exec sleep 1000"]
                env:
                  - name: CAMERA
                    value: rear
                volumeMounts:
                  - name: data
                    mountPath: /data
                    readOnly: true
                resources:
                  limits:
                    cpu: 500m
                    memory: 64Mi
                securityContext:
                  runAsUser: 1000
                  runAsGroup: 1000
                  capabilities:
                    add: ["NET_ADMIN"]
            volumes:
              - name: data
                hostPath:
                  path: %s
            restartPolicy: Never
            terminationGracePeriodSeconds: 0
            """
                .formatted(PodmanService.IMAGE, data));

    WorkResult result = run(work("launch", camera, 3));

    assertTrue(result.succeeded(), () -> "launch failed: " + result.reason());
    assertEquals("running", result.modelState());
    assertEquals(List.of("camera"), podman.pods());
    assertEquals("running", podman.state("camera_app"));
    JsonNode container = podman.inspect("container", "camera_app");
    assertEquals("/bin/sh -c", container.path("Config").path("Entrypoint").asText());
    assertEquals("[echo started; exec sleep 1000]", texts(container.path("Config").path("Cmd")));
    assertTrue(
        texts(container.path("Config").path("Env")).contains("CAMERA=rear"),
        container.path("Config").path("Env").toString());
    assertEquals("1000:1000", container.path("Config").path("User").asText());
    assertTrue(texts(container.path("HostConfig").path("CapAdd")).contains("CAP_NET_ADMIN"));
    JsonNode labels = container.path("Config").path("Labels");
    assertEquals("reverse-gear", labels.path("io.piccolo.scenario").asText());
    assertEquals("rear-camera-package", labels.path("io.piccolo.package").asText());
    assertEquals("camera", labels.path("io.piccolo.model").asText());
    assertEquals("vehicle-hpc", labels.path("io.piccolo.node").asText());
    assertEquals("3", labels.path("io.piccolo.model-version").asText());
    assertEquals("camera", labels.path("app").asText());
    JsonNode mount = container.path("Mounts").get(0);
    assertEquals(data.toString(), mount.path("Source").asText());
    assertEquals("/data", mount.path("Destination").asText());
    assertFalse(mount.path("RW").asBoolean(true));
    assertEquals(
        "hello from the host",
        podman.podman("exec", "camera_app", "cat", "/data/greeting").strip());
    // The limits as the kernel applies them (cgroups v1 here), not only as Podman recorded them.
    Path cgroup = cgroupOf(container.path("State").path("Pid").asLong());
    assertEquals(
        64L * 1024 * 1024,
        Long.parseLong(
            Files.readString(
                    Path.of("/sys/fs/cgroup/memory")
                        .resolve(cgroup.toString().substring(1))
                        .resolve("memory.limit_in_bytes"))
                .strip()));
    assertEquals(
        50_000L,
        Long.parseLong(
            Files.readString(
                    Path.of("/sys/fs/cgroup/cpu")
                        .resolve(cgroup.toString().substring(1))
                        .resolve("cpu.cfs_quota_us"))
                .strip()));
    assertEquals("started", podman.podman("logs", "camera_app").strip());
    run(work("terminate", camera, 3));
  }

  @Test
  void launchingARunningModelSucceedsAtOnceAndChangesNothing() throws Exception {
    JsonNode sleeper = sleeper("sleeper", "Never", 0, "V=1");
    assertTrue(run(work("launch", sleeper, 1)).succeeded());
    String startedAt =
        podman.inspect("container", "sleeper_app").path("State").path("StartedAt").asText();

    WorkResult again = run(work("launch", sleeper, 1));

    assertTrue(again.succeeded());
    assertEquals("already running", again.reason());
    assertEquals("running", again.modelState());
    assertEquals(
        startedAt,
        podman.inspect("container", "sleeper_app").path("State").path("StartedAt").asText());
    assertEquals(List.of("sleeper_app"), podman.containers());
    run(work("terminate", sleeper, 1));
  }

  @Test
  void terminateKillsAContainerThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
    JsonNode stubborn =
        model(
            "stubborn",
            """
            containers:
              - name: app
                image: %s
                command: ["/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"]
            restartPolicy: Never
            terminationGracePeriodSeconds: 2
            """
                .formatted(PodmanService.IMAGE));
    assertTrue(run(work("launch", stubborn, 1)).succeeded());

    long started = System.nanoTime();
    WorkResult result = run(work("terminate", stubborn, 1));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertTrue(result.succeeded(), result::reason);
    assertEquals("exited", result.modelState());
    assertTrue(took.compareTo(Duration.ofSeconds(2)) >= 0, "terminate returned after " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "terminate took " + took);
    assertFalse(podman.exists("pod", "stubborn"));
    assertFalse(podman.exists("container", "stubborn_app"));
    assertTrue(
        observed.stream().noneMatch(s -> s.model().equals("stubborn")),
        "a stop PICCOLO made is not a death it observes: " + observed);
  }

  @Test
  void terminateEndsAContainerThatStopsOnSigtermWithoutWaitingTheGracePeriod() throws Exception {
    JsonNode polite = sleeper("polite", "Always", 30, "V=1");
    assertTrue(run(work("launch", polite, 1)).succeeded());
    // Until its trap is set, a shell running as PID 1 ignores SIGTERM.
    Waits.until(
        "the trap set",
        Duration.ofSeconds(5),
        () -> podman.podman("logs", "polite_app").contains("ready"));

    long started = System.nanoTime();
    assertTrue(run(work("terminate", polite, 1)).succeeded());

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "terminate took " + took);
    assertFalse(podman.exists("pod", "polite"));
  }

  @Test
  void terminatingAMissingModelSucceedsAtOnce() throws Exception {
    WorkResult result = run(work("terminate", sleeper("never-launched", "Never", 0, "V=1"), 1));

    assertTrue(result.succeeded());
    assertEquals("not present", result.reason());
  }

  @Test
  void updateReplacesThePodWithTheNewDocumentAndKeepsAnUnchangedOne() throws Exception {
    assertTrue(run(work("launch", sleeper("updated", "Never", 0, "VERSION=1"), 1)).succeeded());

    WorkResult update = run(work("update", sleeper("updated", "Never", 0, "VERSION=2"), 2));

    assertTrue(update.succeeded(), update::reason);
    JsonNode container = podman.inspect("container", "updated_app");
    assertTrue(texts(container.path("Config").path("Env")).contains("VERSION=2"));
    assertEquals(
        "2", container.path("Config").path("Labels").path("io.piccolo.model-version").asText());
    assertEquals("running", podman.state("updated_app"));
    String id = container.path("Id").asText();

    WorkResult same = run(work("update", sleeper("updated", "Never", 0, "VERSION=2"), 2));

    assertTrue(same.succeeded());
    assertEquals("already running this document", same.reason());
    assertEquals(id, podman.inspect("container", "updated_app").path("Id").asText());
    assertEquals(List.of("updated_app"), podman.containers());
    run(work("terminate", sleeper("updated", "Never", 0, "VERSION=2"), 2));
  }

  @Test
  void rollbackRunsTheDocumentItIsGiven() throws Exception {
    assertTrue(run(work("launch", sleeper("rolled", "Never", 0, "VERSION=2"), 2)).succeeded());

    WorkResult rollback = run(work("rollback", sleeper("rolled", "Never", 0, "VERSION=1"), 1));

    assertTrue(rollback.succeeded(), rollback::reason);
    JsonNode container = podman.inspect("container", "rolled_app");
    assertTrue(texts(container.path("Config").path("Env")).contains("VERSION=1"));
    assertEquals(
        "1", container.path("Config").path("Labels").path("io.piccolo.model-version").asText());
    assertEquals("running", podman.state("rolled_app"));
    run(work("terminate", sleeper("rolled", "Never", 0, "VERSION=1"), 1));
  }

  @Test
  void aContainerThatExitsByItselfIsObservedWithinOneSecond() throws Exception {
    Path control = Files.createDirectories(temp.resolve("control"));
    JsonNode quitter = exitsWhenTold("quitter", control, 3, "Never");
    assertTrue(run(work("launch", quitter, 1)).succeeded());

    Files.writeString(control.resolve("exit"), "now");

    Waits.until("the exit observed", Duration.ofSeconds(1), () -> stateOf("quitter") != null);
    ObservedState state = stateOf("quitter");
    assertEquals("dead", state.state());
    assertEquals("vehicle-hpc", state.node());
    assertTrue(state.reason().contains("quitter_app exited with code 3"), state.reason());
    Waits.holdsFor(
        "no restart under restartPolicy Never",
        Duration.ofMillis(800),
        () ->
            observed.stream()
                .noneMatch(s -> s.model().equals("quitter") && s.state().equals("running")));
    assertEquals("exited", podman.state("quitter_app"));
    run(work("terminate", quitter, 1));
  }

  @Test
  void restartPolicyRestartsAFailingContainerWithGrowingBackoff() throws Exception {
    JsonNode crasher =
        model(
            "crasher",
            """
            containers:
              - name: app
                image: %s
                command: ["/bin/sh", "-c", "sleep 0.2; exit 1"]
            restartPolicy: OnFailure
            terminationGracePeriodSeconds: 0
            """
                .formatted(PodmanService.IMAGE));
    assertTrue(run(work("launch", crasher, 1)).succeeded());

    Waits.until(
        "three restarts", Duration.ofSeconds(15), () -> states("crasher", "running").size() >= 3);
    run(work("terminate", crasher, 1));

    List<ObservedState> deaths = states("crasher", "dead");
    assertTrue(deaths.get(0).reason().endsWith("restarting in 300 ms"), deaths.get(0).reason());
    assertTrue(deaths.get(1).reason().endsWith("restarting in 600 ms"), deaths.get(1).reason());
    assertTrue(deaths.get(2).reason().endsWith("restarting in 1200 ms"), deaths.get(2).reason());
    List<ObservedState> restarts = states("crasher", "running");
    assertEquals(
        "container crasher_app restarted (restart 1) after exit code 1", restarts.get(0).reason());
    assertEquals(
        "container crasher_app restarted (restart 3) after exit code 1", restarts.get(2).reason());
    int seen = observed.size();
    Waits.holdsFor(
        "no restart after terminate", Duration.ofMillis(1500), () -> observed.size() == seen);
    assertFalse(podman.exists("pod", "crasher"));
  }

  @Test
  void aContainerThatRanLongerThanTheResetTimeWaitsTheFirstBackoffAgain() throws Exception {
    Path control = Files.createDirectories(temp.resolve("resetter"));
    JsonNode resetter = exitsWhenTold("resetter", control, 1, "OnFailure");
    assertTrue(run(work("launch", resetter, 1)).succeeded());

    Path exit = control.resolve("exit");
    Files.writeString(exit, "now");
    Waits.until(
        "restart 1", Duration.ofSeconds(10), () -> states("resetter", "running").size() == 1);
    Files.writeString(exit, "now");
    Waits.until(
        "restart 2", Duration.ofSeconds(10), () -> states("resetter", "running").size() == 2);
    Duration longerThanTheReset = ExecutorOnRuntime.QUICK_BACKOFF.resetAfter().plusMillis(300);
    Waits.holdsFor(
        "it runs without failing past the reset time",
        longerThanTheReset,
        () -> states("resetter", "dead").size() == 2);
    Files.writeString(exit, "now");
    Waits.until(
        "the third death", Duration.ofSeconds(10), () -> states("resetter", "dead").size() == 3);
    run(work("terminate", resetter, 1));

    List<ObservedState> deaths = states("resetter", "dead");
    assertTrue(deaths.get(0).reason().endsWith("restarting in 300 ms"), deaths.get(0).reason());
    assertTrue(
        deaths.get(1).reason().endsWith("restarting in 600 ms"),
        "a quick failure after a restart doubles the wait: " + deaths.get(1).reason());
    assertTrue(
        deaths.get(2).reason().endsWith("restarting in 300 ms"),
        "a failure after running past the reset time starts again: " + deaths.get(2).reason());
  }

  @Test
  void onFailureLeavesAContainerThatExitedCleanly() throws Exception {
    Path control = Files.createDirectories(temp.resolve("control"));
    JsonNode finisher = exitsWhenTold("finisher", control, 0, "OnFailure");
    assertTrue(run(work("launch", finisher, 1)).succeeded());

    Files.writeString(control.resolve("exit"), "now");

    Waits.until("the exit observed", Duration.ofSeconds(1), () -> stateOf("finisher") != null);
    assertEquals("exited", stateOf("finisher").state());
    Waits.holdsFor(
        "no restart after exit code 0",
        Duration.ofMillis(800),
        () -> states("finisher", "running").isEmpty());
    run(work("terminate", finisher, 1));
  }

  @Test
  void twoRacingLaunchesOfOneModelMakeOnePod() throws Exception {
    JsonNode raced = sleeper("raced", "Never", 0, "V=1");

    CompletableFuture<WorkResult> first =
        executor.execute(work("launch", raced, 1)).toCompletableFuture();
    CompletableFuture<WorkResult> second =
        executor.execute(work("launch", raced, 1)).toCompletableFuture();

    assertTrue(first.get(60, TimeUnit.SECONDS).succeeded(), () -> first.join().reason());
    assertTrue(second.get(60, TimeUnit.SECONDS).succeeded(), () -> second.join().reason());
    assertEquals(1, podman.pods().stream().filter("raced"::equals).count());
    assertEquals(
        List.of("raced_app"),
        podman.containers().stream().filter(c -> c.startsWith("raced")).toList());
    run(work("terminate", raced, 1));
  }

  @Test
  void prepareCreatesAWarmPodThatLaunchOnlyStarts() throws Exception {
    JsonNode warm = sleeper("warm", "Always", 0, "V=1");

    WorkResult prepared =
        executor.prepare(work("launch", warm, 1)).toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertTrue(prepared.succeeded(), prepared::reason);
    assertEquals("created", prepared.modelState());
    assertEquals("created", podman.state("warm_app"));
    String infra = podman.inspect("pod", "warm").path("InfraContainerID").asText();
    assertEquals("running", podman.state(infra), "the infra container runs ahead of time");
    String id = podman.inspect("container", "warm_app").path("Id").asText();

    WorkResult launched = run(work("launch", warm, 1));

    assertTrue(launched.succeeded(), launched::reason);
    assertNull(launched.reason());
    assertEquals("running", podman.state("warm_app"));
    assertEquals(
        id,
        podman.inspect("container", "warm_app").path("Id").asText(),
        "the prepared container started, none new made");
    run(work("terminate", warm, 1));
  }

  @Test
  void aMissingImageFailsTheWorkWithoutRetryAndLeavesNoPod() throws Exception {
    JsonNode missing =
        model(
            "missing-image",
            """
            containers:
              - name: app
                image: localhost/piccolo/no-such-image:1
            """);

    WorkResult result = run(work("launch", missing, 1));

    assertFalse(result.succeeded());
    assertTrue(
        result
            .reason()
            .contains(
                "image localhost/piccolo/no-such-image:1 of Model 'missing-image' is not in Podman's local store"),
        result.reason());
    assertFalse(podman.exists("pod", "missing-image"));
  }

  @Test
  void aCommandPodmanCannotRunFailsTheWorkWithPodmansWords() throws Exception {
    JsonNode broken =
        model(
            "broken",
            """
            containers:
              - name: app
                image: %s
                command: ["/no/such/program"]
            restartPolicy: Never
            terminationGracePeriodSeconds: 0
            """
                .formatted(PodmanService.IMAGE));

    WorkResult result = run(work("launch", broken, 1));

    assertFalse(result.succeeded());
    assertTrue(result.reason().startsWith("podman could not start pod broken: "), result.reason());
    assertTrue(result.reason().contains("/no/such/program"), result.reason());
    run(work("terminate", broken, 1));
  }

  @Test
  void aModelTheRuntimeCannotMapFailsNamingTheField() throws Exception {
    JsonNode greedy =
        model(
            "greedy",
            """
            containers:
              - name: app
                image: %s
                resources:
                  limits:
                    memory: lots
            """
                .formatted(PodmanService.IMAGE));

    WorkResult result = run(work("launch", greedy, 1));

    assertFalse(result.succeeded());
    assertEquals(
        "Model 'greedy': spec.containers[0].resources.limits.memory is 'lots'; expected a memory"
            + " quantity such as 64Mi, 1Gi or 500M",
        result.reason());
    assertFalse(podman.exists("pod", "greedy"));
  }

  private static WorkResult run(Work work) throws Exception {
    return on.run(work);
  }

  /** A Model whose container sleeps and ends at once on SIGTERM. */
  private static JsonNode sleeper(String name, String restartPolicy, int grace, String env) {
    String[] pair = env.split("=", 2);
    return model(
        name,
        """
        containers:
          - name: app
            image: %s
            command: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo ready; while :; do sleep 1 & wait $!; done"]
            env:
              - name: %s
                value: "%s"
        restartPolicy: %s
        terminationGracePeriodSeconds: %d
        """
            .formatted(PodmanService.IMAGE, pair[0], pair[1], restartPolicy, grace));
  }

  private static ObservedState stateOf(String model) {
    return observed.stream().filter(s -> s.model().equals(model)).findFirst().orElse(null);
  }

  private static List<ObservedState> states(String model, String state) {
    return on.states(model, state);
  }

  private static String texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts.toString();
  }

  /** The memory cgroup a process is in, e.g. {@code /libpod_parent/…/libpod-…}. */
  private static Path cgroupOf(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
      String[] parts = line.split(":", 3);
      if (parts[1].equals("memory")) {
        return Path.of(parts[2]);
      }
    }
    throw new AssertionError("process " + pid + " is in no memory cgroup");
  }
}
