package io.piccolo.scheduler;

import java.util.BitSet;

/**
 * A thread's scheduling as {@code sched_getattr} and {@code sched_getaffinity} report it.
 *
 * @param policy OTHER, FIFO, RR, BATCH, IDLE or DEADLINE
 * @param runtimeNs for DEADLINE; the kernel's slice for others
 */
public record KernelSchedule(
    String policy,
    int priority,
    int nice,
    long runtimeNs,
    long deadlineNs,
    long periodNs,
    BitSet cpus) {

  static KernelSchedule parse(String reply) {
    String[] f = reply.trim().split(" ");
    return new KernelSchedule(
        f[0],
        Integer.parseInt(f[1]),
        Integer.parseInt(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]),
        CpuList.parse(f.length > 6 ? f[6] : ""));
  }
}
