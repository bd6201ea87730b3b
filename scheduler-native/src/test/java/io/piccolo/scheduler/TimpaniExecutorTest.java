package io.piccolo.scheduler;

import static io.piccolo.scheduler.testing.Schedules.maxDmiss;
import static io.piccolo.scheduler.testing.Schedules.schedule;
import static io.piccolo.scheduler.testing.Schedules.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.scheduler.testing.Cgroups;
import io.piccolo.scheduler.testing.Workload;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor on the real kernel: a Package's Schedule applied to test workloads found by name,
 * and an overloaded task (pinned to CPU 1, away from the JVM's CPU 0) whose misses come back as
 * facts and reach its Policy's strategy.
 */
class TimpaniExecutorTest {
  private final StateStore store = StateStores.inMemory();
  private final List<DeadlineMiss> misses = new CopyOnWriteArrayList<>();
  private final List<String> acted = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<PolicyAction> actions = new CopyOnWriteArrayList<>();
  private TimpaniExecutor executor;
  private int requests;

  /** What a restart does; the tests that restart set it. */
  private volatile Restarts restarts = Restarts.NONE;

  @BeforeEach
  void start() throws Exception {
    executor =
        new TimpaniExecutor(
            store,
            new DeadlineMisses() {
              @Override
              public void missed(DeadlineMiss miss) {
                misses.add(miss);
              }

              @Override
              public void acted(PolicyAction action) {
                acted.add(action.workload() + " " + action.strategy() + ": " + action.reason());
                actions.add(action);
              }
            },
            (workload, reason) -> restarts.restart(workload, reason),
            meters,
            log::add);
    executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Every test's workloads are gone by now: the cgroups made for them must go too. */
  @AfterEach
  void stop() throws Exception {
    try {
      Waits.until(
          "the executor to remove the cpuset cgroups of the workloads that ended",
          Duration.ofSeconds(10),
          () -> Cgroups.leftBehind("tx").isEmpty() && Cgroups.leftBehind("ty").isEmpty());
    } finally {
      executor.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/tx"));
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/ty"));
    }
  }

  /** A Package "rt" of one Model, its Schedule "tx" of these tasks, and a Policy when given. */
  private void given(String policy, String... tasks) throws Exception {
    String yaml =
        schedule("tx", tasks)
            + "---\n"
            + schedule("ty", tasks)
            + "---\napiVersion: v1\nkind: Model\nmetadata:\n  name: rt-model\nspec:\n  containers:\n"
            + "    - name: c\n      image: localhost/piccolo/busybox:1\n"
            + "---\napiVersion: v1\nkind: Package\nmetadata:\n  name: rt\nspec:\n  schedule: tx\n"
            + (policy == null ? "" : "  policy: rt-policy\n")
            + "  models:\n    - name: rt-model\n      node: here\n"
            + (policy == null
                ? ""
                : "---\napiVersion: v1\nkind: Policy\nmetadata:\n  name: rt-policy\nspec:\n"
                    + policy);
    ArtifactFile.Content content = ArtifactFile.read("rt.yaml", yaml);
    assertFalse(content.hasErrors(), content.problems().toString());
    store.apply(content.artifacts());
  }

  private WorkResult request(Map<String, Object> params) throws Exception {
    StoredArtifact model =
        new StoredArtifact("Model", "rt-model", 1, new ObjectMapper().createObjectNode());
    Work work =
        new Work(
            "r" + (++requests),
            "schedule",
            "real-time",
            new ModelTarget("rt", model, "here"),
            params);
    return executor.execute(work).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void scheduleAppliesThePackagesScheduleToTheTasksFoundByName() throws Exception {
    given(
        null,
        task("tx-a", "FIFO", 20, 0b10, 10000, 1000, 10000),
        task("tx-b", "RR", 30, 0b10, 10000, 1000, 10000));
    try (Workload a = Workload.plain("tx-a");
        Workload b = Workload.periodic("tx-b", 100)) {
      WorkResult r = request(Map.of());
      assertTrue(r.succeeded(), r.toString());
      assertEquals("applied 2 task(s) of Schedule tx", r.reason());
      assertEquals(1, a.policyFromStat());
      assertEquals(20, a.rtPriorityFromStat());
      assertEquals(2, b.policyFromStat(), "SCHED_RR");
      assertEquals(30, b.rtPriorityFromStat());
      assertEquals("1", b.status("Cpus_allowed_list"));
      assertTrue(
          log.stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                          "timpani: rt: tx-b (pid " + b.pid() + "): SCHED_RR priority 30")),
          log.toString());
    }
  }

  @Test
  void theEventReaderRunsAheadOfOrdinaryWorkOffTheRealTimeTasksCpus() throws Exception {
    given(null, task("tx-rd", "FIFO", 20, 0b10, 10000, 1000, 10000));
    try (Workload w = Workload.plain("tx-rd")) {
      assertTrue(request(Map.of()).succeeded());
      List<Long> readers =
          TaskFinder.threadsNamed("timpani-events", List.of(ProcessHandle.current().pid()));
      assertFalse(readers.isEmpty(), "this executor's reader thread");
      long reader = readers.get(readers.size() - 1);
      String stat = ProcFiles.read("/proc/self/task/" + reader + "/stat");
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      assertEquals("1", f[41 - 3], "SCHED_FIFO");
      assertEquals("1", f[40 - 3], "priority 1");
      String status = ProcFiles.read("/proc/self/task/" + reader + "/status");
      assertTrue(status.contains("Cpus_allowed_list:\t0\n"), status);
    }
  }

  @Test
  void aTaskThatMatchesNoProcessFailsTheActionAndAppliesNothing() throws Exception {
    given(
        null,
        task("tx-here", "FIFO", 20, 0b10, 10000, 1000, 10000),
        task("tx-nowhere", "FIFO", 20, 0b10, 10000, 1000, 10000));
    try (Workload here = Workload.plain("tx-here")) {
      WorkResult r = request(Map.of());
      assertFalse(r.succeeded());
      assertEquals(
          "Schedule tx: task(s) tx-nowhere match no process on this node by name (comm); nothing was applied",
          r.reason());
      assertEquals(0, here.policyFromStat(), "nothing applied");
    }
  }

  @Test
  void explicitTasksAndALongerPeriodComeFromTheActionsParameters() throws Exception {
    given(null, task("tx-x", "DEADLINE", 0, 0, 10000, 2000, 10000));
    try (Workload w = Workload.plain("other-name")) {
      WorkResult r = request(Map.of("tasks", Map.of("tx-x", w.pid()), "period", 20000));
      assertTrue(r.succeeded(), r.toString());
      try (Kernel k = Kernel.start(e -> {})) {
        KernelSchedule got = k.get(w.pid());
        assertEquals("DEADLINE", got.policy());
        assertEquals(20_000_000, got.periodNs());
        assertEquals(20_000_000, got.deadlineNs(), "a deadline equal to its period follows it");
      }
    }
  }

  @Test
  void anOverloadedTasksMissesBecomeFactsAndStopItAfterThePolicysCount() throws Exception {
    // declared 300 µs of 1000; each job really computes 1500 µs, so every job misses
    given(
        "  procedure:\n    strategy: stop\n    trigger:\n      deadlineMissThreshold:\n        count: 5\n",
        maxDmiss(task("tx-over", "FIFO", 20, 0b10, 1000, 300, 1000), 0));
    try (Workload w = Workload.periodic("tx-over", 1500)) {
      assertTrue(request(Map.of()).succeeded());
      Waits.until("the workload to be stopped", Duration.ofSeconds(10), () -> !w.alive());
      assertTrue(misses.size() >= 5, misses.toString());
      DeadlineMiss first = misses.get(0);
      assertEquals("rt", first.getWorkload());
      assertEquals("tx", first.getSchedule());
      assertEquals("tx-over", first.getTask());
      assertEquals("here", first.getNode());
      assertEquals(w.pid(), first.getPid());
      assertEquals(1, first.getCount());
      assertTrue(first.getLatenessMicros() > 0, first.toString());
      assertTrue(Math.abs(System.currentTimeMillis() - first.getTime()) < 10_000, first.toString());
      Waits.until("the stop told", Duration.ofSeconds(5), () -> !acted.isEmpty());
      assertEquals(
          List.of(
              "rt stop: its tasks missed 5 deadline(s) (Policy rt-policy deadlineMissThreshold is 5)"),
          acted);
      assertTrue(meters.get(TimpaniMeters.MISSES).tag("task", "tx-over").counter().count() >= 5);
    }
  }

  @Test
  void aTasksOwnMaxDmissActsFirstAndDegradeLowersItToSchedOther() throws Exception {
    given(
        "  procedure:\n    strategy: degrade\n    trigger:\n      deadlineMissThreshold: 100\n",
        maxDmiss(task("tx-dg", "FIFO", 20, 0b10, 1000, 300, 1000), 2));
    try (Workload w = Workload.periodic("tx-dg", 1500)) {
      assertTrue(request(Map.of()).succeeded());
      Waits.until("the task to be lowered", Duration.ofSeconds(10), () -> w.policyFromStat() == 0);
      assertTrue(w.alive(), "degrade keeps it running");
      Waits.until("the degrade told", Duration.ofSeconds(5), () -> !acted.isEmpty());
      assertEquals(
          List.of("rt degrade: task tx-dg missed 2 deadline(s) (its max_dmiss is 2)"), acted);
    }
  }

  @Test
  void degradeLowersEveryTaskTellsWhatItDidAndCountsIt() throws Exception {
    given(
        "  procedure:\n    strategy: degrade\n    trigger:\n      deadlineMissThreshold: 3\n",
        maxDmiss(task("tx-low", "FIFO", 20, 0b10, 1000, 300, 1000), 0));
    try (Workload w = Workload.periodic("tx-low", 1500)) {
      assertTrue(request(Map.of()).succeeded());
      Waits.until("the task to be lowered", Duration.ofSeconds(10), () -> w.policyFromStat() == 0);
      Waits.until("the action told", Duration.ofSeconds(5), () -> !actions.isEmpty());
      PolicyAction a = actions.get(0);
      assertEquals("degrade", a.strategy());
      assertEquals("tx", a.schedule());
      assertEquals(List.of("tx-low (pid " + w.pid() + ")"), a.tasks());
      assertEquals(
          1.0,
          meters
              .get(TimpaniMeters.ACTIONS)
              .tag("workload", "rt")
              .tag("strategy", "degrade")
              .counter()
              .count());
      assertTrue(
          log.contains(
              "timpani: rt lowered to SCHED_OTHER (tx-low (pid "
                  + w.pid()
                  + ")): its tasks missed 3 deadline(s) (Policy rt-policy deadlineMissThreshold"
                  + " is 3)"),
          log.toString());
    }
  }

  /**
   * The restart itself is serve's dispatcher's (ServeRestartOnPodmanTest runs it on Podman); here a
   * stand-in relaunch ends the overloaded process and starts the task again as a new process, so
   * what the executor does around it runs on the real kernel: it asks for the restart, then finds
   * the new process by name and applies the Schedule to it.
   */
  @Test
  void restartLaunchesTheWorkloadAgainAndAppliesItsScheduleToTheNewProcess() throws Exception {
    given(
        "  procedure:\n    strategy: restart\n    trigger:\n      deadlineMissThreshold: 3\n",
        maxDmiss(task("tx-rs", "FIFO", 20, 0b10, 1000, 300, 1000), 0));
    List<Workload> launched = new CopyOnWriteArrayList<>();
    Workload first = Workload.periodic("tx-rs", 1500);
    launched.add(first);
    // a hiccup of the machine can make the new process miss too, and restart it again: each
    // restart replaces the latest process, and none comes once the test is over
    AtomicBoolean over = new AtomicBoolean();
    restarts =
        (workload, reason) ->
            CompletableFuture.runAsync(
                () -> {
                  synchronized (launched) {
                    if (over.get()) {
                      return;
                    }
                    try {
                      launched.get(launched.size() - 1).close();
                      launched.add(Workload.periodic("tx-rs", 50));
                    } catch (Exception e) {
                      throw new CompletionException(e);
                    }
                  }
                });
    try {
      assertTrue(request(Map.of()).succeeded());
      Waits.until("the relaunch", Duration.ofSeconds(10), () -> launched.size() == 2);
      Workload second = launched.get(1);
      Waits.until(
          "the new process under SCHED_FIFO",
          Duration.ofSeconds(10),
          () -> second.policyFromStat() == 1);
      assertEquals(20, second.rtPriorityFromStat());
      assertEquals("1", second.status("Cpus_allowed_list"));
      assertFalse(first.alive());
      assertEquals(
          "rt restart: its tasks missed 3 deadline(s) (Policy rt-policy deadlineMissThreshold is 3)",
          acted.get(0));
      Waits.until(
          "the schedule applied again",
          Duration.ofSeconds(5),
          () ->
              log.contains(
                  "timpani: rt restarted, its schedule applied again: applied 1 task(s) of Schedule"
                      + " tx"));
    } finally {
      synchronized (launched) {
        over.set(true);
        for (Workload w : launched) {
          w.close();
        }
      }
    }
  }

  @Test
  void aReplacedScheduleLeavesNoCgroupOfTheOneBefore() throws Exception {
    given(null, task("tx-re", "FIFO", 20, 0b10, 10000, 1000, 10000));
    try (Workload w = Workload.plain("tx-re")) {
      assertTrue(request(Map.of()).succeeded());
      assertTrue(Files.isDirectory(Cgroups.CPUSET.resolve("piccolo/tx/tx-re")));
      assertTrue(request(Map.of("schedule", "ty")).succeeded());
      assertEquals(List.of(), Cgroups.leftBehind("tx"), "the replaced Schedule's cgroups");
      assertEquals(
          String.valueOf(w.pid()),
          Cgroups.read(Cgroups.CPUSET.resolve("piccolo/ty/tx-re/tasks")),
          "the task is in the new one");
    }
  }

  @Test
  void releaseJitterIsMeasured() throws Exception {
    // no max_dmiss: a hiccup of the shared machine must not stop the task being measured
    given(null, maxDmiss(task("tx-j", "FIFO", 20, 0b10, 1000, 100, 1000), 0));
    try (Workload w = Workload.periodic("tx-j", 50)) {
      assertTrue(request(Map.of()).succeeded());
      Waits.until(
          "a second of jitter samples",
          Duration.ofSeconds(10),
          () -> jitter("tx-j") != null && jitter("tx-j").count() >= 1000);
      Timer jitter = jitter("tx-j");
      long releases = jitter.count();
      double medianMs = jitter.takeSnapshot().percentileValues()[0].value(TimeUnit.MILLISECONDS);
      assertTrue(medianMs < 1, "median release latency " + medianMs + " ms in a 1 ms period");
      // 50 µs jobs in a 1 ms period: a miss is a hiccup of the machine, not the task's
      assertTrue(
          misses.size() * 20 < releases, misses.size() + " misses in " + releases + " releases");
    }
  }

  private Timer jitter(String task) {
    return meters.find(TimpaniMeters.JITTER).tag("task", task).timer();
  }
}
