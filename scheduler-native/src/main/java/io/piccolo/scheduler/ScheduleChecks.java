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
 * <p>FIFO and RR tasks are summed on the CPUs their masks allow (the CPUs of the mask that exist;
 * every CPU for no mask): on each such set of CPUs, and on each union of sets that overlap, the
 * tasks that may run only there must stay, with different priorities, within the rate-monotonic
 * bound n(2^(1/n) − 1) per CPU, with one priority within the kernel's RT share (0.95) per CPU.
 * DEADLINE tasks go through the kernel's own admission: together at most the RT share times the
 * CPUs of the root domain. Each message names the test that refused it.
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
                  + " CPUs (sum of runtime/period); SCHED_DEADLINE admission test: the kernel"
                  + " allows "
                  + fixed(machine.rtShare())
                  + " × "
                  + machine.cpuCount()
                  + " CPUs of the root domain = "
                  + fixed(bound)));
    }
  }

  /**
   * FIFO and RR tasks by the CPUs they may run on: for each set of CPUs that the tasks' sets or
   * their overlapping unions make, the tasks that may run only there must fit there. Two tasks
   * whose sets overlap are summed on the CPUs they share and on the union of their sets; the
   * smallest set that is overloaded is reported, a larger one only when it is overloaded without
   * the tasks already reported.
   */
  private static void checkFixedPriorityGroups(Schedule s, Machine machine, List<Problem> out) {
    Map<BitSet, List<Task>> bySet = new LinkedHashMap<>();
    for (Task t : s.tasks()) {
      if (t.policy().realTime() && valid(t)) {
        bySet.computeIfAbsent(effectiveCpus(t, machine), k -> new ArrayList<>()).add(t);
      }
    }
    List<BitSet> sets = overlapClosure(bySet.keySet());
    sets.sort(java.util.Comparator.comparingInt(BitSet::cardinality));
    List<BitSet> reported = new ArrayList<>();
    for (BitSet cpus : sets) {
      List<Task> confined = new ArrayList<>();
      bySet.forEach(
          (set, tasks) -> {
            if (within(set, cpus)) {
              confined.addAll(tasks);
            }
          });
      BitSet left = (BitSet) cpus.clone();
      List<Task> others = new ArrayList<>(confined);
      for (BitSet r : reported) {
        if (within(r, cpus)) {
          left.andNot(r);
          others.removeIf(t -> within(effectiveCpus(t, machine), r));
        }
      }
      if (!reported.isEmpty() && left.cardinality() < cpus.cardinality()) {
        // already reported within: only what fails without it is a problem of its own
        if (others.isEmpty()
            || left.isEmpty()
            || !overloaded(others, left.cardinality(), machine)) {
          continue;
        }
      }
      if (checkGroup(s, cpus, confined, machine, out)) {
        reported.add(cpus);
      }
    }
  }

  /** The task sets and every union of sets that overlap, so overlapping tasks are summed. */
  private static List<BitSet> overlapClosure(java.util.Collection<BitSet> sets) {
    List<BitSet> all = new ArrayList<>(sets);
    for (int i = 0; i < all.size() && all.size() < 4096; i++) {
      for (int j = 0; j < i; j++) {
        if (all.get(i).intersects(all.get(j))) {
          BitSet union = (BitSet) all.get(i).clone();
          union.or(all.get(j));
          if (!all.contains(union)) {
            all.add(union);
          }
        }
      }
    }
    return all;
  }

  private static boolean within(BitSet inner, BitSet outer) {
    BitSet rest = (BitSet) inner.clone();
    rest.andNot(outer);
    return rest.isEmpty();
  }

  private static boolean overloaded(List<Task> tasks, int cpus, Machine machine) {
    return tasks.stream().mapToDouble(Task::utilisation).sum() / cpus
        > bound(tasks, machine) + 1e-9;
  }

  private static double bound(List<Task> tasks, Machine machine) {
    int n = tasks.size();
    boolean onePriority = tasks.stream().map(Task::priority).distinct().count() == 1;
    return onePriority
        ? machine.rtShare()
        : Math.min(machine.rtShare(), n * (Math.pow(2, 1.0 / n) - 1));
  }

  /** Checks the tasks confined to these CPUs; true when they are reported as too much. */
  private static boolean checkGroup(
      Schedule s, BitSet cpus, List<Task> tasks, Machine machine, List<Problem> out) {
    int m = cpus.cardinality();
    int n = tasks.size();
    double perCpu = tasks.stream().mapToDouble(Task::utilisation).sum() / m;
    boolean onePriority = tasks.stream().map(Task::priority).distinct().count() == 1;
    double bound = bound(tasks, machine);
    String test =
        onePriority
            ? "RT share test: tasks of one priority may use at most the kernel's RT share, "
                + fixed(bound)
                + ", of each CPU"
            : "rate-monotonic test: the bound for "
                + n
                + " tasks of different priorities, n(2^(1/n) − 1) = "
                + fixed(bound)
                + " per CPU";
    if (perCpu <= bound + 1e-9) {
      return false;
    }
    out.add(
        error(
            s,
            tasks.get(0),
            "runtime",
            policies(tasks)
                + " tasks "
                + names(tasks)
                + " may run only on CPUs "
                + CpuList.format(cpus)
                + overlap(tasks, cpus, machine)
                + " and need "
                + fixed(perCpu * m)
                + " CPUs there ("
                + fixed(perCpu)
                + " per CPU); "
                + test));
    return true;
  }

  private static String policies(List<Task> tasks) {
    return tasks.stream()
        .map(t -> t.policy().label().replace("SCHED_", ""))
        .distinct()
        .sorted()
        .reduce((a, b) -> a + "/" + b)
        .orElse("");
  }

  /** Which CPUs each task may use, when their sets differ (they overlap). */
  private static String overlap(List<Task> tasks, BitSet cpus, Machine machine) {
    List<String> narrower = new ArrayList<>();
    for (Task t : tasks) {
      BitSet own = effectiveCpus(t, machine);
      if (!own.equals(cpus)) {
        narrower.add(t.name() + " on " + CpuList.format(own));
      }
    }
    return narrower.isEmpty()
        ? ""
        : " (their CPU sets overlap: "
            + String.join(", ", narrower.subList(0, Math.min(6, narrower.size())))
            + (narrower.size() > 6 ? ", …" : "")
            + ")";
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
