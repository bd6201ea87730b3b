package io.piccolo.scheduler;

import static io.piccolo.scheduler.testing.Schedules.schedule;
import static io.piccolo.scheduler.testing.Schedules.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  private TimpaniExecutor executor;
  private int requests;

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
              public void acted(String workload, String strategy, String reason) {
                acted.add(workload + " " + strategy + ": " + reason);
              }
            },
            meters,
            log::add);
    executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    executor.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/tx"));
  }

  /** A Package "rt" of one Model, its Schedule "tx" of these tasks, and a Policy when given. */
  private void given(String policy, String... tasks) throws Exception {
    String yaml =
        schedule("tx", tasks)
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
        task("tx-over", "FIFO", 20, 0b10, 1000, 300, 1000).replace("max_dmiss: 3", "max_dmiss: 0"));
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
        task("tx-dg", "FIFO", 20, 0b10, 1000, 300, 1000).replace("max_dmiss: 3", "max_dmiss: 2"));
    try (Workload w = Workload.periodic("tx-dg", 1500)) {
      assertTrue(request(Map.of()).succeeded());
      Waits.until("the task to be lowered", Duration.ofSeconds(10), () -> w.policyFromStat() == 0);
      assertTrue(w.alive(), "degrade keeps it running");
      assertEquals(
          List.of("rt degrade: task tx-dg missed 2 deadline(s) (its max_dmiss is 2)"), acted);
    }
  }

  @Test
  void releaseJitterIsMeasured() throws Exception {
    given(null, task("tx-j", "FIFO", 20, 0b10, 1000, 100, 1000));
    try (Workload w = Workload.periodic("tx-j", 50)) {
      assertTrue(request(Map.of()).succeeded());
      Waits.until(
          "jitter samples",
          Duration.ofSeconds(5),
          () ->
              meters.find(TimpaniMeters.JITTER).tag("task", "tx-j").timer() != null
                  && meters.find(TimpaniMeters.JITTER).tag("task", "tx-j").timer().count() > 100);
      long releases = meters.find(TimpaniMeters.JITTER).tag("task", "tx-j").timer().count();
      // 50 µs jobs in a 1 ms period: a miss is the machine's hiccup, not the task's
      assertTrue(
          misses.size() * 100 < releases, misses.size() + " misses in " + releases + " releases");
    }
  }
}
