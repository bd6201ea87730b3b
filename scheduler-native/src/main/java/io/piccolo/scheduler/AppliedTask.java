package io.piccolo.scheduler;

import java.util.BitSet;

/**
 * What was set for one task.
 *
 * @param cpuset the v1 cpuset cgroup it was moved into
 * @param rtGroup the v1 cpu cgroup whose RT budget was raised, or null for NORMAL and DEADLINE
 * @param watched whether its libtimpani record was there when applied, so its misses are measured
 *     from the start; without one they are from the moment it opens one
 */
public record AppliedTask(
    Binding binding, BitSet cpus, String cpuset, String rtGroup, boolean watched) {

  /** One line for the operator: task, thread, policy, CPUs, cgroups, miss detection. */
  public String describe() {
    Task t = binding.task();
    StringBuilder out = new StringBuilder();
    out.append(t.name()).append(" (pid ").append(binding.tid()).append("): ");
    out.append(t.policy().label());
    switch (t.policy()) {
      case FIFO, RR -> out.append(" priority ").append(t.priority());
      case NORMAL -> out.append(" nice ").append(t.nice());
      case DEADLINE ->
          out.append(" runtime ")
              .append(t.runtimeUs())
              .append(" µs, deadline ")
              .append(t.deadlineUs())
              .append(" µs, period ")
              .append(t.periodUs())
              .append(" µs");
    }
    out.append(", CPUs ").append(CpuList.format(cpus));
    out.append(", cpuset ").append(cpuset);
    if (rtGroup != null) {
      out.append(", RT budget ").append(rtGroup);
    }
    out.append(
        watched
            ? ", deadline misses watched"
            : ", no deadline-miss detection until it opens a libtimpani record");
    return out.toString();
  }
}
