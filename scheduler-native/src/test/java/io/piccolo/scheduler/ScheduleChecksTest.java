package io.piccolo.scheduler;

import static io.piccolo.scheduler.testing.Schedules.schedule;
import static io.piccolo.scheduler.testing.Schedules.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.scheduler.testing.Schedules;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleChecksTest {
  private final Machine machine = Machine.current();

  private List<String> check(String yaml) {
    return ScheduleChecks.check(Schedules.read("s.yaml", yaml), machine).stream()
        .map(Problem::toString)
        .toList();
  }

  @Test
  void pullpiriScheduleTestLoadsAndIsRefusedWithOneErrorPerProblem() throws Exception {
    String yaml = Files.readString(SharedData.require("pullpiri-examples/schedule-test.yaml"));
    Schedule s = Schedules.read("schedule-test.yaml", yaml);
    assertEquals(18, s.tasks().size());
    List<Problem> problems = ScheduleChecks.check(s, machine);
    long maskErrors =
        problems.stream().filter(p -> p.message().contains("cpu_affinity: 4026531840")).count();
    assertEquals(machine.online().get(28) ? 0 : 18, maskErrors, problems.toString());
    // 3 × 0.3 + 10 × 0.1 + 5 × 0.1 = 2.4 CPUs at one priority
    boolean tooMuch = 2.4 > machine.rtShare() * machine.cpuCount();
    List<Problem> bound = problems.stream().filter(p -> p.message().contains("RT share")).toList();
    assertEquals(tooMuch ? 1 : 0, bound.size(), problems.toString());
    if (tooMuch) {
      assertTrue(bound.get(0).message().contains("need 2.40 CPUs"), bound.toString());
      assertEquals(16, bound.get(0).line(), "the line of the first task's runtime");
    }
    assertEquals(maskErrors + bound.size(), problems.size(), problems.toString());
  }

  @Test
  void everyProblemNamesScheduleTaskFieldAndLine() {
    List<String> problems =
        check(
            schedule(
                "bad",
                task("a", "FIFO", 0, 0, 1000, 100, 1000),
                task("b", "NORMAL", 0, 0, 1000, 100, 1000)));
    assertEquals(
        List.of(
            "s.yaml:7:1: Schedule bad, task a, priority: 0 is outside 1–99, the priorities of SCHED_FIFO"),
        problems);
  }

  @Test
  void deadlineTasksGoThroughTheKernelsAdmissionTest() {
    String[] tasks = new String[machine.cpuCount() + 1];
    for (int i = 0; i < tasks.length; i++) {
      tasks[i] = task("d" + i, "DEADLINE", 0, 0, 10000, 9000, 10000);
    }
    List<String> problems = check(schedule("edf", tasks));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .contains(
                "SCHED_DEADLINE admission test: the kernel allows 0.95 × "
                    + machine.cpuCount()
                    + " CPUs of the root domain"),
        problems.get(0));
  }

  @Test
  void differentPrioritiesOnOneCpuAreHeldToTheRateMonotonicBound() {
    List<String> differ =
        check(
            schedule(
                "rm",
                task("hi", "FIFO", 20, 1, 1000, 450, 1000),
                task("lo", "FIFO", 10, 1, 2000, 900, 2000)));
    assertEquals(1, differ.size(), differ.toString());
    assertTrue(
        differ
            .get(0)
            .contains(
                "rate-monotonic test: the bound for 2 tasks of different priorities, n(2^(1/n) − 1) = 0.83 per CPU"),
        differ.get(0));
    List<String> same =
        check(
            schedule(
                "eq",
                task("a", "FIFO", 20, 1, 1000, 450, 1000),
                task("b", "RR", 20, 1, 2000, 900, 2000)));
    assertEquals(List.of(), same, "0.90 of one CPU at one priority is within 0.95");
  }

  @Test
  void fixedPriorityTasksWhoseCpuSetsOverlapAreSummedOnTheCpusTheyMayRunOn() {
    needsTwoCpus();
    // a takes 0.9 of CPU 1; b and c may run on CPUs 0-1: 2.1 CPUs on 2, more than 0.95 each
    List<String> overlapping =
        check(
            schedule(
                "ov",
                task("a", "FIFO", 20, 0b10, 1000, 900, 1000),
                task("b", "FIFO", 20, 0b11, 1000, 600, 1000),
                task("c", "RR", 20, 0, 1000, 600, 1000)));
    assertEquals(1, overlapping.size(), overlapping.toString());
    assertEquals(
        "s.yaml:12:1: Schedule ov, task a, runtime: FIFO/RR tasks a, b, c may run only on CPUs"
            + " 0-1 (their CPU sets overlap: a on 1) and need 2.10 CPUs there (1.05 per CPU); RT"
            + " share test: tasks of one priority may use at most the kernel's RT share, 0.95, of"
            + " each CPU",
        overlapping.get(0));
    // the same with b's share moved off CPU 1 fits: b can run on CPU 0
    assertEquals(
        List.of(),
        check(
            schedule(
                "fits",
                task("a", "FIFO", 20, 0b10, 1000, 900, 1000),
                task("b", "FIFO", 20, 0b11, 1000, 900, 1000))));
  }

  @Test
  void anOverloadedCpuIsReportedOnceNotAgainForEverySetAroundIt() {
    needsTwoCpus();
    List<String> problems =
        check(
            schedule(
                "one",
                task("a", "FIFO", 20, 0b10, 1000, 600, 1000),
                task("b", "FIFO", 20, 0b10, 1000, 600, 1000),
                task("c", "FIFO", 20, 0b11, 1000, 100, 1000)));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("may run only on CPUs 1 and need 1.20"), problems.get(0));
  }

  private void needsTwoCpus() {
    if (machine.cpuCount() < 2) {
      throw new IllegalStateException(
          "this test needs 2 CPUs or more; the machine has " + machine.cpuCount());
    }
  }

  @Test
  void deadlineTaskWithAMaskNarrowerThanItsRootDomainIsRefused() {
    if (machine.cpuCount() < 2) {
      throw new IllegalStateException(
          "this test needs 2 CPUs or more; the machine has " + machine.cpuCount());
    }
    List<String> problems = check(schedule("edf", task("d", "DEADLINE", 0, 1, 10000, 1000, 10000)));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .contains(
                "the kernel refuses SCHED_DEADLINE for a task whose affinity (CPUs 0) is narrower than its root domain"),
        problems.get(0));
  }

  @Test
  void extensionsLoad() {
    String yaml =
        schedule(
            "ext",
            task("n", "NORMAL", 0, 0, 1000, 100, 1000)
                .replace(
                    "    max_dmiss: 3\n",
                    "    max_dmiss: 3\n    nice: 5\n    temporal_class: SPORADIC\n"));
    Schedule s = Schedules.read("ext.yaml", yaml);
    assertEquals(5, s.tasks().get(0).nice());
    assertEquals("SPORADIC", s.tasks().get(0).temporalClass());
    assertEquals(List.of(), ScheduleChecks.check(s, machine));
  }
}
