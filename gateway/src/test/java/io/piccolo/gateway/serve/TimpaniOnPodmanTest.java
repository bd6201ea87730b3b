package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.state.ResourceKind;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.scheduler.Kernel;
import io.piccolo.scheduler.testing.Cgroups;
import io.piccolo.scheduler.testing.JvmPinning;
import io.piccolo.scheduler.testing.Workload;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TIMPANI executor in {@code serve --runtime podman}: the test workload (linked statically,
 * bound into the busybox test image) runs as the container's own process, found by its name among
 * the Package's containers, scheduled on the kernel and checked in /proc; overloaded, its misses
 * make its Policy restart it through serve's dispatcher and Podman, and the Schedule is applied to
 * the new container's process. Tasks are pinned to CPU 1 and this JVM to CPU 0.
 */
@Timeout(180)
class TimpaniOnPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(40);

  private static final String DRL =
      """
      package live;
      rule "launch on demand"
      when Signal(path == "Vehicle.Test.Launch", $t : text) then actions.launch($t); end
      rule "schedule on demand"
      when Signal(path == "Vehicle.Test.Schedule", $t : text)
      then actions.request("schedule", $t, null); end
      rule "the restart came back as results"
      when
          ActionResult(action == "terminate", target == "rt-pod", outcome == "succeeded")
          ActionResult(action == "launch", target == "rt-pod", outcome == "succeeded",
                       scenario == "timpani")
      then actions.request("notify", "restarted", null); end
      """;

  private static PodmanService podman;

  @TempDir Path state;
  private final StateStore store = StateStores.inMemory();
  private LiveServer serve;

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

  @BeforeEach
  void start() throws Exception {
    try (Kernel kernel = Kernel.start(e -> {})) {
      JvmPinning.pinTo(kernel, "0");
    }
    serve =
        new LiveServer(
            DRL,
            store,
            Settings.defaults()
                .with(Settings.RUNTIME, "podman", "test")
                .with(Settings.RUNTIME_SOCKET, Path.of(podman.socket()), "test")
                .with(Settings.ACTION_TIMEOUT, Duration.ofSeconds(20), "test"));
  }

  /** The pods go first: the executor then removes the cgroups it made for their processes. */
  @AfterEach
  void stop() throws Exception {
    try {
      podman.podman("pod", "rm", "--all", "--force", "--time", "0");
      podman.podman("rm", "--all", "--force", "--time", "0");
      Waits.until(
          "the executor to remove the cpuset cgroups of the workload that ended",
          WAIT,
          () -> Cgroups.leftBehind("rt-pod-schedule").isEmpty());
    } finally {
      if (serve != null) {
        serve.close();
      }
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/rt-pod-schedule"));
    }
  }

  /**
   * Package rt-pod: one Model whose container runs the test workload as {@code rt-pod}, {@code
   * compute} µs per 1 ms job (the Schedule declares 300), under a Policy with {@code strategy}.
   */
  private String workload(String command, String strategy) {
    return """
        apiVersion: v1
        kind: Schedule
        metadata: {name: rt-pod-schedule}
        spec:
          - {name: rt-pod, priority: 20, policy: FIFO, cpu_affinity: 2, period: 1000,
             release_time: 0, runtime: 300, deadline: 1000, node_id: HPC, max_dmiss: 0}
        ---
        apiVersion: v1
        kind: Policy
        metadata: {name: rt-pod-policy}
        spec:
          procedure:
            strategy: %s
            trigger: {deadlineMissThreshold: {count: 5}}
        ---
        apiVersion: v1
        kind: Model
        metadata: {name: rt-pod}
        spec:
          terminationGracePeriodSeconds: 2
          restartPolicy: Never
          volumes:
            - {name: native, hostPath: {path: "%s"}}
            - {name: state, hostPath: {path: "%s"}}
          containers:
            - name: rt
              image: "%s"
              command: ["/bin/sh", "-c"]
              args: ["%s"]
              volumeMounts:
                - {name: native, mountPath: /timpani}
                - {name: state, mountPath: /state}
        ---
        apiVersion: v1
        kind: Package
        metadata: {name: rt-pod}
        spec:
          schedule: rt-pod-schedule
          policy: rt-pod-policy
          models: [{name: rt-pod, node: HPC}]
        """
        .formatted(
            strategy,
            Workload.nativeFolder().toAbsolutePath(),
            state,
            PodmanService.IMAGE,
            command);
  }

  private static String run(long computeUs) {
    return "exec /timpani/" + Workload.STATIC + " --name rt-pod --compute-us " + computeUs;
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

  /** The host PID of the container's own process, or 0 while it does not run. */
  private long containerPid() {
    try {
      return podman.inspect("rt-pod_rt").path("State").path("Pid").asLong(0);
    } catch (AssertionError noSuchContainer) {
      return 0; // between the restart's terminate and its launch
    }
  }

  private static String proc(long pid, String file) throws IOException {
    try (var in = new java.io.FileInputStream("/proc/" + pid + "/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Field {@code n} (1-based, as proc(5) numbers them) of /proc/PID/stat. */
  private static int statField(long pid, int n) throws IOException {
    String stat = proc(pid, "stat");
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[n - 3]);
  }

  private static String status(long pid, String key) throws IOException {
    for (String line : proc(pid, "status").split("\n")) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).trim();
      }
    }
    throw new IOException("/proc/" + pid + "/status has no " + key);
  }

  /** Waits for the container's process to run under its own name, and returns its PID. */
  private long runningAsRtPod() {
    long[] pid = new long[1];
    Waits.until(
        "the container's process running as rt-pod",
        WAIT,
        () -> {
          pid[0] = containerPid();
          return pid[0] > 0 && proc(pid[0], "comm").strip().equals("rt-pod");
        });
    return pid[0];
  }

  @Test
  void aTaskIsFoundByItsProcessNameInThePackagesContainerAndScheduled() throws Exception {
    apply(workload(run(50), "stop"));
    signal("Vehicle.Test.Launch", "rt-pod");
    long pid = runningAsRtPod();
    signal("Vehicle.Test.Schedule", "rt-pod");
    try {
      Waits.until("the container's process under SCHED_FIFO", WAIT, () -> statField(pid, 41) == 1);
    } catch (AssertionError | RuntimeException notScheduled) {
      throw new AssertionError("not scheduled; serve's log:\n" + serve.log, notScheduled);
    }
    assertEquals(20, statField(pid, 40), "rt_priority");
    assertEquals("1", status(pid, "Cpus_allowed_list"));
    assertTrue(
        Cgroups.read(Cgroups.CPUSET.resolve("piccolo/rt-pod-schedule/rt-pod/tasks"))
            .lines()
            .anyMatch(l -> l.equals(Long.toString(pid))),
        "in its cpuset cgroup");
    Waits.until(
        "the apply line in serve's log, its misses watched (libtimpani's record read inside it)",
        WAIT,
        () ->
            serve
                .log
                .toString()
                .lines()
                .anyMatch(
                    l ->
                        l.contains(
                                "timpani: rt-pod: rt-pod (pid "
                                    + pid
                                    + "): SCHED_FIFO priority 20, CPUs 1")
                            && l.endsWith(", deadline misses watched")));
  }

  @Test
  void restartStopsAndLaunchesTheWorkloadThroughTheRuntimeAndSchedulesItsNewProcess()
      throws Exception {
    // the first run is overloaded (1500 µs of work every 1 ms); the one after the restart is not
    Path ran = state.resolve("ran");
    apply(
        workload(
            "if [ -e /state/ran ]; then "
                + run(50)
                + "; else touch /state/ran; "
                + run(1500)
                + "; fi",
            "restart"));
    signal("Vehicle.Test.Launch", "rt-pod");
    long first = runningAsRtPod();
    assertTrue(Files.exists(ran));
    signal("Vehicle.Test.Schedule", "rt-pod");
    Waits.until(
        "a new container process after the restart",
        WAIT,
        () -> {
          long now = containerPid();
          return now > 0 && now != first;
        });
    long second = runningAsRtPod();
    assertNotEquals(first, second);
    Waits.until("the new process under SCHED_FIFO", WAIT, () -> statField(second, 41) == 1);
    assertEquals(20, statField(second, 40));
    assertEquals("1", status(second, "Cpus_allowed_list"));
    Waits.until(
        "the terminate and launch results reach the rules",
        WAIT,
        () ->
            serve.decided.stream()
                .anyMatch(d -> d.rule().equals("the restart came back as results")));
    Waits.until(
        "the Model running again in the store",
        WAIT,
        () -> store.state(ResourceKind.MODEL, "rt-pod").equals(Optional.of("running")));
    String log = serve.log.toString();
    assertTrue(
        log.contains(
            "timpani: rt-pod restarting: its tasks missed 5 deadline(s) (Policy rt-pod-policy"
                + " deadlineMissThreshold is 5)"),
        log);
    Waits.until(
        "the schedule applied again",
        WAIT,
        () ->
            serve
                .log
                .toString()
                .contains(
                    "timpani: rt-pod restarted, its schedule applied again: applied 1 task(s) of"
                        + " Schedule rt-pod-schedule"));
    assertEquals(
        1.0,
        serve.metric(
            "piccolo_timpani_policy_actions_total{strategy=\"restart\",workload=\"rt-pod\"}"));
  }
}
