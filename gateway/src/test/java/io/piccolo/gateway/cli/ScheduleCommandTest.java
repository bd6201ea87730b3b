package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import io.piccolo.scheduler.Machine;
import io.piccolo.scheduler.testing.Cgroups;
import io.piccolo.scheduler.testing.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code piccolo schedule check|apply} on Pullpiri's example and on real processes. */
class ScheduleCommandTest {
  @TempDir Path dir;
  private final Machine machine = Machine.current();

  @AfterEach
  void removeCgroups() throws Exception {
    Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/perf_18proc_tc1"));
  }

  private static Path example() {
    return SharedData.require("pullpiri-examples/schedule-test.yaml");
  }

  /**
   * Pullpiri's example fitted to this machine: masks naming its CPUs, runtimes halved (2.4 CPUs of
   * one priority become 1.2, within 0.95 × 2).
   */
  private Path scaled() throws Exception {
    long every = (1L << machine.cpuCount()) - 1;
    String text =
        Files.readString(example())
            .replace("cpu_affinity: 4026531840", "cpu_affinity: " + every)
            .replace("runtime: 3000", "runtime: 1500")
            .replace("runtime: 1000", "runtime: 500")
            .replace("runtime: 500\n", "runtime: 250\n");
    Path file = dir.resolve("scaled.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void checkPrintsOneLinePerProblemOfPullpirisScheduleOnThisMachine() {
    if (machine.cpuCount() > 2) {
      throw new IllegalStateException("this test expects the 2-CPU machines of this project");
    }
    Cli r = Cli.run("schedule", "check", "-f", example().toString());
    assertEquals(1, r.exitCode(), r.toString());
    String[] lines = r.outLines();
    assertEquals(19, lines.length, r.toString());
    assertTrue(
        lines[0].startsWith(
            example()
                + ":13: Schedule perf_18proc_tc1, task p1_0, cpu_affinity: 4026531840 names CPU(s)"
                + " 28-31, which this machine does not have (it has CPUs 0-1)"),
        lines[0]);
    assertTrue(
        Arrays.stream(lines)
            .anyMatch(
                l ->
                    l.startsWith(
                            example()
                                + ":16: Schedule perf_18proc_tc1, task p1_0, runtime: FIFO tasks")
                        && l.contains("need 2.40 CPUs")
                        && l.contains(
                            "tasks of one priority may use at most the kernel's RT share, 0.95, of each CPU")),
        r.toString());
  }

  @Test
  void checkSumsTasksWhoseCpuSetsOverlapAndNamesTheTest() throws Exception {
    Path file = dir.resolve("overlap.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Schedule
        metadata: {name: ov}
        spec:
          - {name: pinned, priority: 20, policy: FIFO, cpu_affinity: 2, period: 1000, runtime: 900, deadline: 1000, release_time: 0, node_id: HPC, max_dmiss: 0}
          - {name: free-a, priority: 20, policy: FIFO, cpu_affinity: 3, period: 1000, runtime: 600, deadline: 1000, release_time: 0, node_id: HPC, max_dmiss: 0}
          - {name: free-b, priority: 20, policy: FIFO, cpu_affinity: 0, period: 1000, runtime: 600, deadline: 1000, release_time: 0, node_id: HPC, max_dmiss: 0}
        """);
    Cli r = Cli.run("schedule", "check", "-f", file.toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertEquals(
        file
            + ":5: Schedule ov, task pinned, runtime: FIFO tasks pinned, free-a, free-b may run only"
            + " on CPUs 0-1 (their CPU sets overlap: pinned on 1) and need 2.10 CPUs there (1.05"
            + " per CPU); RT share test: tasks of one priority may use at most the kernel's RT"
            + " share, 0.95, of each CPU",
        r.out().strip());
  }

  @Test
  void checkAcceptsACopyScaledToThisMachine() throws Exception {
    Cli r = Cli.run("schedule", "check", "-f", scaled().toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "ok: Schedule perf_18proc_tc1: 18 task(s) fit this machine (CPUs " + machine.cpus() + ")",
        r.out().trim());
  }

  @Test
  void applySetsTheNamedTasksOnRunningProcessesAndPrintsWhatItSet() throws Exception {
    try (Workload a = Workload.plain("p1_0");
        Workload b = Workload.periodic("p2_0", 100)) {
      Cli r =
          Cli.run(
              "schedule",
              "apply",
              "-f",
              scaled().toString(),
              "--task",
              "p1_0=" + a.pid(),
              "--task",
              "p2_0=" + b.pid());
      assertEquals(0, r.exitCode(), r.toString());
      String[] lines = r.outLines();
      assertEquals(2, lines.length, r.toString());
      assertTrue(
          lines[0].startsWith(
              "p1_0 (pid "
                  + a.pid()
                  + "): SCHED_FIFO priority 20, CPUs "
                  + machine.cpus()
                  + ", cpuset /piccolo/perf_18proc_tc1/p1_0"),
          lines[0]);
      assertTrue(lines[1].endsWith("deadline misses watched"), lines[1]);
      for (Workload w : new Workload[] {a, b}) {
        assertEquals(1, w.policyFromStat(), "SCHED_FIFO");
        assertEquals(20, w.rtPriorityFromStat());
        assertEquals(machine.cpus(), w.status("Cpus_allowed_list"));
      }
    }
  }

  @Test
  void applyRefusesPullpirisScheduleOnThisMachineAndChangesNothing() throws Exception {
    try (Workload a = Workload.plain("p1_0")) {
      Cli r = Cli.run("schedule", "apply", "-f", example().toString(), "--task", "p1_0=" + a.pid());
      assertEquals(1, r.exitCode(), r.toString());
      assertTrue(r.out().endsWith("nothing was applied: fix the problems above\n"), r.toString());
      assertEquals(0, a.policyFromStat(), "still SCHED_OTHER");
    }
  }

  @Test
  void applyWithAnUnknownTaskAProcessThatIsNotRunningOrNoPidIsBadInput() throws Exception {
    Path scaled = scaled();
    Cli unknown = Cli.run("schedule", "apply", "-f", scaled.toString(), "--task", "nope=1");
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertTrue(
        unknown
            .err()
            .contains(
                "--task nope: Schedule perf_18proc_tc1 has no such task (its tasks: p1_0, p1_1"),
        unknown.err());
    Cli gone = Cli.run("schedule", "apply", "-f", scaled.toString(), "--task", "p1_0=999999999");
    assertEquals(2, gone.exitCode(), gone.toString());
    assertTrue(gone.err().contains("no process or thread 999999999 is running"), gone.err());
    Cli form = Cli.run("schedule", "apply", "-f", scaled.toString(), "--task", "p1_0");
    assertEquals(2, form.exitCode(), form.toString());
    assertTrue(form.err().contains("write it as NAME=PID"), form.err());
    Cli missing = Cli.run("schedule", "check", "-f", dir.resolve("none.yaml").toString());
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("none.yaml: no such file"), missing.err());
  }
}
