package io.piccolo.scheduler;

import io.piccolo.engine.rulebase.Problem;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a Schedule can run on a machine, before anything is applied: each task on its own (times,
 * priority, nice, a mask naming CPUs that exist), then the utilisation of each CPU set against the
 * bound that applies to it. Every problem names the Schedule, the task and the field, and says
 * which test refused it.
 *
 * <p>FIFO and RR tasks are grouped by the CPUs their masks allow (the CPUs of the mask that exist;
 * every CPU for no mask): with different priorities a group must stay within the rate-monotonic
 * bound n(2^(1/n) − 1) per CPU, with one priority within the kernel's RT share (0.95) per CPU.
 * DEADLINE tasks go through the kernel's own admission: together at most the RT share times the
 * CPUs of the root domain.
 */
public final class ScheduleChecks {
  private ScheduleChecks() {}

  public static List<Problem> check(Schedule schedule, Machine machine) {
    List<Problem> problems = new ArrayList<>();
    for (Task t : schedule.tasks()) {
      checkTask(schedule, t, machine, problems);
    }
    checkDeadlineAdmission(schedule, machine, problems);
    checkFixedPriorityGroups(schedule, machine, problems);
    return problems;
  }

  private static void checkTask(Schedule s, Task t, Machine machine, List<Problem> out) {
    if (t.periodUs() <= 0) {
      out.add(error(s, t, "period", "must be positive (µs), not " + t.periodUs()));
    }
    if (t.runtimeUs() <= 0) {
      out.add(error(s, t, "runtime", "must be positive (µs), not " + t.runtimeUs()));
    } else if (t.runtimeUs() > t.deadlineUs()) {
      out.add(
          error(
              s,
              t,
              "runtime",
              t.runtimeUs() + " µs exceeds the deadline of " + t.deadlineUs() + " µs"));
    }
    if (t.deadlineUs() > t.periodUs()) {
      out.add(
          error(
              s,
              t,
              "deadline",
              t.deadlineUs() + " µs exceeds the period of " + t.periodUs() + " µs"));
    }
    if (t.policy().realTime() && (t.priority() < 1 || t.priority() > 99)) {
      out.add(
          error(
              s,
              t,
              "priority",
              t.priority() + " is outside 1–99, the priorities of " + t.policy().label()));
    }
    if (t.policy() == SchedulingPolicy.NORMAL && (t.nice() < -20 || t.nice() > 19)) {
      out.add(error(s, t, "nice", t.nice() + " is outside −20…19"));
    }
    BitSet mask = CpuList.ofMask(t.cpuAffinity());
    BitSet missing = (BitSet) mask.clone();
    missing.andNot(machine.online());
    if (!missing.isEmpty()) {
      out.add(
          error(
              s,
              t,
              "cpu_affinity",
              t.cpuAffinity()
                  + " names CPU(s) "
                  + CpuList.format(missing)
                  + ", which this machine does not have (it has CPUs "
                  + machine.cpus()
                  + "); bit N of the mask is CPU N"));
    } else if (t.policy() == SchedulingPolicy.DEADLINE
        && t.cpuAffinity() != 0
        && !mask.equals(machine.online())) {
      out.add(
          error(
              s,
              t,
              "cpu_affinity",
              "the kernel refuses SCHED_DEADLINE for a task whose affinity (CPUs "
                  + CpuList.format(mask)
                  + ") is narrower than its root domain (CPUs "
                  + machine.cpus()
                  + "); give a DEADLINE task no mask (0), or one naming every CPU"));
    }
  }

  private static void checkDeadlineAdmission(Schedule s, Machine machine, List<Problem> out) {
    List<Task> tasks =
        s.tasks().stream()
            .filter(t -> t.policy() == SchedulingPolicy.DEADLINE && valid(t))
            .toList();
    if (tasks.isEmpty()) {
      return;
    }
    double sum = tasks.stream().mapToDouble(Task::utilisation).sum();
    double bound = machine.rtShare() * machine.cpuCount();
    if (sum > bound + 1e-9) {
      out.add(
          error(
              s,
              tasks.get(0),
              "runtime",
              "DEADLINE tasks "
                  + names(tasks)
                  + " need "
                  + fixed(sum)
                  + " CPUs (sum of runtime/period); SCHED_DEADLINE admission allows "
                  + fixed(machine.rtShare())
                  + " × "
                  + machine.cpuCount()
                  + " CPUs of the root domain = "
                  + fixed(bound)));
    }
  }

  private static void checkFixedPriorityGroups(Schedule s, Machine machine, List<Problem> out) {
    Map<BitSet, List<Task>> groups = new LinkedHashMap<>();
    for (Task t : s.tasks()) {
      if (t.policy().realTime() && valid(t)) {
        groups.computeIfAbsent(effectiveCpus(t, machine), k -> new ArrayList<>()).add(t);
      }
    }
    groups.forEach((cpus, tasks) -> checkGroup(s, cpus, tasks, machine, out));
  }

  private static void checkGroup(
      Schedule s, BitSet cpus, List<Task> tasks, Machine machine, List<Problem> out) {
    int m = cpus.cardinality();
    int n = tasks.size();
    double perCpu = tasks.stream().mapToDouble(Task::utilisation).sum() / m;
    boolean onePriority = tasks.stream().map(Task::priority).distinct().count() == 1;
    double bound;
    String test;
    if (onePriority) {
      bound = machine.rtShare();
      test =
          "tasks of one priority may use at most the kernel's RT share, "
              + fixed(bound)
              + ", of each CPU";
    } else {
      bound = Math.min(machine.rtShare(), n * (Math.pow(2, 1.0 / n) - 1));
      test =
          "the rate-monotonic bound for "
              + n
              + " tasks of different priorities, n(2^(1/n) − 1) = "
              + fixed(bound)
              + " per CPU";
    }
    if (perCpu > bound + 1e-9) {
      out.add(
          error(
              s,
              tasks.get(0),
              "runtime",
              tasks.get(0).policy().label().replace("SCHED_", "")
                  + " tasks "
                  + names(tasks)
                  + " on CPUs "
                  + CpuList.format(cpus)
                  + " need "
                  + fixed(perCpu * m)
                  + " CPUs ("
                  + fixed(perCpu)
                  + " per CPU); "
                  + test));
    }
  }

  /** The CPUs a task may run on here: its mask's CPUs that exist, or all for no mask (or none). */
  static BitSet effectiveCpus(Task t, Machine machine) {
    BitSet cpus = CpuList.ofMask(t.cpuAffinity());
    cpus.and(machine.online());
    return cpus.isEmpty() ? (BitSet) machine.online().clone() : cpus;
  }

  /** Whether a task's own times are sound enough for its utilisation to mean anything. */
  private static boolean valid(Task t) {
    return t.periodUs() > 0 && t.runtimeUs() > 0;
  }

  private static Problem error(Schedule s, Task t, String field, String message) {
    return Problem.error(
        s.file(),
        t.line(field),
        0,
        "Schedule " + s.name() + ", task " + t.name() + ", " + field + ": " + message);
  }

  private static String names(List<Task> tasks) {
    List<String> names = tasks.stream().map(Task::name).toList();
    return names.size() <= 6
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
