package io.piccolo.scheduler;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Applies a Schedule's tasks to their threads, in this order per task: a v1 cpuset cgroup of its
 * CPUs ({@code piccolo/SCHEDULE/TASK}), its affinity, for FIFO and RR the RT budget of its v1 cpu
 * cgroup (a new cgroup starts at 0 and refuses FIFO until it has one), the policy, and for a task
 * on libtimpani its period and deadline. The checks have run before; the kernel may still refuse.
 */
public final class ScheduleApplier {
  private final Kernel kernel;
  private final Machine machine;

  public ScheduleApplier(Kernel kernel, Machine machine) {
    this.kernel = kernel;
    this.machine = machine;
  }

  /**
   * @throws ApplyException for the first task the kernel refused, naming it and what to do; the
   *     tasks before it stay applied
   */
  public List<AppliedTask> apply(Schedule schedule, List<Binding> bindings) throws ApplyException {
    long budget = rtBudgetUs(bindings);
    List<AppliedTask> applied = new ArrayList<>();
    for (Binding b : bindings) {
      applied.add(applyOne(schedule, b, budget));
    }
    return applied;
  }

  /** The RT time per period the FIFO and RR tasks need together, within the kernel's share. */
  long rtBudgetUs(List<Binding> bindings) {
    double utilisation =
        bindings.stream()
            .map(Binding::task)
            .filter(t -> t.policy().realTime())
            .mapToDouble(Task::utilisation)
            .sum();
    long wanted = (long) Math.ceil(utilisation * machine.rtPeriodUs());
    long share = (long) Math.floor(machine.rtShare() * machine.rtPeriodUs());
    return Math.min(Math.max(wanted, 1000), share);
  }

  private AppliedTask applyOne(Schedule schedule, Binding b, long budget) throws ApplyException {
    Task t = b.task();
    long tid = b.tid();
    BitSet cpus = ScheduleChecks.effectiveCpus(t, machine);
    String step = "cpuset";
    try {
      String cpuset = kernel.cpuset(group(schedule, t), cpus, tid);
      step = "affinity";
      kernel.affinity(tid, cpus);
      String rtGroup = null;
      if (t.policy().realTime()) {
        step = "rtbudget";
        rtGroup = kernel.rtBudget(tid, budget);
      }
      step = "sched";
      kernel.schedule(
          tid,
          t.policy(),
          t.priority(),
          t.nice(),
          t.runtimeUs() * 1000,
          t.deadlineUs() * 1000,
          t.periodUs() * 1000);
      boolean watched = kernel.watch(tid, t.periodUs() * 1000, t.deadlineUs() * 1000);
      return new AppliedTask(
          b, cpus, cpuset.replace("/sys/fs/cgroup/cpuset", ""), rtGroup, watched);
    } catch (HelperException e) {
      throw new ApplyException(
          "Schedule "
              + schedule.name()
              + ", task "
              + t.name()
              + " (pid "
              + tid
              + "): "
              + explain(step, t, e));
    }
  }

  /** The cpuset cgroup of one task, from names the kernel accepts as folder names. */
  static String group(Schedule schedule, Task t) {
    return "piccolo/" + folder(schedule.name()) + "/" + folder(t.name());
  }

  private static String folder(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
  }

  private String explain(String step, Task t, HelperException e) {
    String errno = e.errno();
    if (errno.equals("ESRCH") || (errno.equals("ENOENT") && step.equals("rtbudget"))) {
      return "the process is gone (" + errno + ")";
    }
    if (errno.equals("GONE")) {
      return e.getMessage();
    }
    if (step.equals("sched")) {
      if (t.policy() == SchedulingPolicy.DEADLINE && errno.equals("EPERM")) {
        return "the kernel refused SCHED_DEADLINE (EPERM): a DEADLINE task's affinity must span its"
            + " whole root domain (CPUs "
            + machine.cpus()
            + "); give it no cpu_affinity mask";
      }
      if (t.policy() == SchedulingPolicy.DEADLINE && errno.equals("EBUSY")) {
        return "the kernel refused SCHED_DEADLINE (EBUSY): its admission control has no room left"
            + " for runtime/period on the root domain; lower the runtime or lengthen the period";
      }
      if (t.policy().realTime() && errno.equals("EPERM")) {
        return "the kernel refused "
            + t.policy().label()
            + " (EPERM): the task's v1 cpu cgroup has no RT budget (cpu.rt_runtime_us), or PICCOLO"
            + " does not run as root";
      }
      return "the kernel refused " + t.policy().label() + " (" + errno + "): " + e.getMessage();
    }
    if (step.equals("cpuset")) {
      return "its v1 cpuset cgroup could not be set up (" + errno + "): " + e.getMessage();
    }
    if (step.equals("rtbudget")) {
      return "its v1 cpu cgroup could not get the RT budget it needs ("
          + errno
          + "): "
          + e.getMessage();
    }
    return "sched_setaffinity refused (" + errno + "): " + e.getMessage();
  }
}
