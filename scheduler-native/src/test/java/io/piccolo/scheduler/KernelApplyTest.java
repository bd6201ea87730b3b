package io.piccolo.scheduler;

import static io.piccolo.scheduler.testing.Schedules.schedule;
import static io.piccolo.scheduler.testing.Schedules.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.Waits;
import io.piccolo.scheduler.testing.Cgroups;
import io.piccolo.scheduler.testing.Schedules;
import io.piccolo.scheduler.testing.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schedules applied to real child processes on this machine's kernel (root, cgroups v1). */
class KernelApplyTest {
  private final Machine machine = Machine.current();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private Kernel kernel;
  private ScheduleApplier applier;

  @BeforeEach
  void start() throws Exception {
    if (machine.cpuCount() < 2) {
      throw new IllegalStateException("these tests pin tasks to CPU 1: the machine needs 2 CPUs");
    }
    kernel = Kernel.start(events::add);
    applier = new ScheduleApplier(kernel, machine);
  }

  /** The workloads are gone: removing the task's cpuset cgroup leaves nothing of piccolo's. */
  @AfterEach
  void stop() throws Exception {
    try {
      kernel.removeCpuset("piccolo/kt/w");
      assertEquals(java.util.List.of(), Cgroups.leftBehind("kt"));
    } finally {
      kernel.close();
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/kt"));
    }
  }

  /** The schedule's only task applied to the workload's process. */
  private List<AppliedTask> applyTo(Schedule s, Workload w) throws ApplyException {
    return applier.apply(s, List.of(new Binding(s.tasks().get(0), w.pid())));
  }

  private Schedule one(String policy, int priority, long mask, long period, long runtime) {
    return Schedules.read(
        "kt.yaml", schedule("kt", task("w", policy, priority, mask, period, runtime, period)));
  }

  @Test
  void fifoWithAffinityAndCpusetIsSetOnTheKernel() throws Exception {
    try (Workload w = Workload.plain("kt-fifo")) {
      Schedule s = one("FIFO", 20, 0b10, 10000, 1000);
      assertEquals(List.of(), ScheduleChecks.check(s, machine));
      List<AppliedTask> applied = applyTo(s, w);
      assertEquals(1, w.policyFromStat(), "SCHED_FIFO in /proc/PID/stat");
      assertEquals(20, w.rtPriorityFromStat());
      KernelSchedule got = kernel.get(w.pid());
      assertEquals("FIFO", got.policy());
      assertEquals(20, got.priority());
      assertEquals("1", w.status("Cpus_allowed_list"));
      assertEquals("/piccolo/kt/w", w.proc("cpuset").trim());
      assertEquals("1", Cgroups.read(Cgroups.CPUSET.resolve("piccolo/kt/w/cpuset.cpus")));
      assertTrue(
          applied
              .get(0)
              .describe()
              .startsWith(
                  "w (pid " + w.pid() + "): SCHED_FIFO priority 20, CPUs 1, cpuset /piccolo/kt/w"),
          applied.get(0).describe());
      assertTrue(
          applied
              .get(0)
              .describe()
              .endsWith("no deadline-miss detection until it opens a libtimpani record"));
    }
  }

  @Test
  void deadlineTaskWithoutMaskGetsItsTimesThroughSchedSetattr() throws Exception {
    try (Workload w = Workload.plain("kt-edf")) {
      Schedule s = one("DEADLINE", 0, 0, 10000, 2000);
      assertEquals(List.of(), ScheduleChecks.check(s, machine));
      applyTo(s, w);
      KernelSchedule got = kernel.get(w.pid());
      assertEquals("DEADLINE", got.policy());
      assertEquals(2_000_000, got.runtimeNs());
      assertEquals(10_000_000, got.deadlineNs());
      assertEquals(10_000_000, got.periodNs());
      assertEquals(6, w.policyFromStat());
      assertEquals(machine.cpus(), w.status("Cpus_allowed_list"));
    }
  }

  @Test
  void deadlineTaskWithANarrowAffinityIsRefusedByTheKernelWithTheReason() throws Exception {
    try (Workload w = Workload.plain("kt-edfn")) {
      Schedule s = one("DEADLINE", 0, 0b10, 10000, 2000);
      // the checks refuse it; applied anyway, the kernel refuses it too
      assertEquals(1, ScheduleChecks.check(s, machine).size());
      ApplyException e = assertThrows(ApplyException.class, () -> applyTo(s, w));
      assertTrue(
          e.getMessage()
              .contains(
                  "the kernel refused SCHED_DEADLINE (EPERM): a DEADLINE task's affinity must span its whole root domain"),
          e.getMessage());
      assertEquals(0, w.policyFromStat(), "left as it was");
    }
  }

  @Test
  void fifoInsideAFreshCpuCgroupGetsItsRtBudgetFirst() throws Exception {
    Path fresh = Cgroups.CPU.resolve("piccolo-kt/fresh");
    java.nio.file.Files.createDirectories(fresh);
    try (Workload w = Workload.plain("kt-cg")) {
      assertEquals(
          "0",
          Cgroups.read(fresh.resolve("cpu.rt_runtime_us")),
          "a new v1 cpu cgroup starts without RT budget");
      Cgroups.write(fresh.resolve("tasks"), Long.toString(w.pid()));
      HelperException noBudget =
          assertThrows(
              HelperException.class,
              () -> kernel.schedule(w.pid(), SchedulingPolicy.FIFO, 20, 0, 0, 0, 0));
      assertEquals("EPERM", noBudget.errno(), "the kernel refuses FIFO in a cgroup without budget");
      Schedule s = one("FIFO", 20, 0b10, 10000, 3000);
      applyTo(s, w);
      assertEquals(1, w.policyFromStat());
      assertEquals(
          300_000,
          Long.parseLong(Cgroups.read(fresh.resolve("cpu.rt_runtime_us"))),
          "runtime/period of a 1 s RT period");
    } finally {
      Cgroups.remove(Cgroups.CPU.resolve("piccolo-kt"));
    }
  }

  @Test
  void aTaskThatOpensItsRecordAfterTheApplyIsWatchedFromThen() throws Exception {
    try (Workload w = Workload.periodicOpeningLate("kt-late", 50, 300)) {
      Schedule s = one("FIFO", 20, 0b10, 1000, 100);
      List<AppliedTask> applied = applyTo(s, w);
      assertFalse(applied.get(0).watched(), "no record yet: the workload is still starting");
      Waits.until(
          "release jitter of the task, released on the period handed to its late record",
          Duration.ofSeconds(5),
          () -> events.stream().anyMatch(e -> e.startsWith("jitter " + w.pid() + " ")));
    }
  }

  @Test
  void aProcessThatExitsWhileScheduledIsReported() throws Exception {
    Workload w = Workload.jobs("kt-exit", 100, 200);
    Schedule s = one("FIFO", 20, 0b10, 1000, 100);
    List<AppliedTask> applied = applyTo(s, w);
    assertTrue(applied.get(0).watched(), "the workload uses libtimpani");
    Waits.until(
        "the helper to report the exit",
        Duration.ofSeconds(5),
        () -> events.contains("exit " + w.pid()));
    w.process().waitFor();
    ApplyException gone = assertThrows(ApplyException.class, () -> applyTo(s, w));
    assertTrue(gone.getMessage().contains("the process is gone"), gone.getMessage());
  }
}
