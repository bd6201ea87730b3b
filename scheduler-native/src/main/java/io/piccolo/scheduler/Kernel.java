package io.piccolo.scheduler;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scheduler, affinity and v1 cgroup calls this executor makes, each one request to the native
 * helper. No {@code chrt} or {@code taskset}: the helper makes the system calls itself.
 */
public final class Kernel implements AutoCloseable {
  private final NativeHelper helper;

  private Kernel(NativeHelper helper) {
    this.helper = helper;
  }

  /**
   * Starts the helper.
   *
   * @param events told each event line ({@code miss TID N LATENESS_NS TIME_NS}, {@code jitter TID
   *     NS...}, {@code exit TID}) on the helper's reader thread
   */
  public static Kernel start(Consumer<String> events) throws IOException {
    NativeHelper helper = NativeHelper.start(events);
    Kernel kernel = new Kernel(helper);
    try {
      helper.request("ping");
    } catch (HelperException e) {
      helper.close();
      throw new IOException("the TIMPANI helper did not start: " + e.getMessage());
    }
    kernel.raiseReader();
    return kernel;
  }

  /**
   * Gives the thread that reads the helper's events nice −20, so a busy node delays the news of a
   * miss as little as it can; left as it is where the kernel refuses.
   */
  private void raiseReader() {
    for (long tid :
        TaskFinder.threadsNamed(NativeHelper.READER, List.of(ProcessHandle.current().pid()))) {
      try {
        schedule(tid, SchedulingPolicy.NORMAL, 0, -20, 0, 0, 0);
      } catch (HelperException e) {
        // not root: the reader keeps its nice
      }
    }
  }

  /** Sets a thread's policy: a priority for FIFO/RR, a nice for OTHER, times for DEADLINE. */
  public void schedule(
      long tid,
      SchedulingPolicy policy,
      int priority,
      int nice,
      long runtimeNs,
      long deadlineNs,
      long periodNs)
      throws HelperException {
    helper.request(
        "sched "
            + tid
            + " "
            + policy.kernelName()
            + " "
            + priority
            + " "
            + nice
            + " "
            + runtimeNs
            + " "
            + deadlineNs
            + " "
            + periodNs);
  }

  public KernelSchedule get(long tid) throws HelperException {
    return KernelSchedule.parse(helper.request("get " + tid));
  }

  public void affinity(long tid, BitSet cpus) throws HelperException {
    helper.request("affinity " + tid + " " + CpuList.format(cpus));
  }

  /**
   * Moves a thread into a v1 cpuset cgroup made for it (every level below the root created as
   * needed).
   *
   * @return the cgroup's folder
   */
  public String cpuset(String group, BitSet cpus, long tid) throws HelperException {
    return helper.request("cpuset " + group + " " + CpuList.format(cpus) + " " + tid);
  }

  /**
   * Gives the thread's v1 cpu cgroup at least this RT budget per period, raising its parents as the
   * kernel requires; nothing for a thread in the root group.
   *
   * @return the group and its budget, e.g. {@code /libpod_parent/x 300000}, or {@code / root}
   */
  public String rtBudget(long tid, long runtimeUs) throws HelperException {
    return helper.request("rtbudget " + tid + " " + runtimeUs);
  }

  /**
   * Hands the period and deadline to a thread's libtimpani record and watches it for misses.
   *
   * @return false when the thread has no record (it does not use libtimpani)
   */
  public boolean watch(long tid, long periodNs, long deadlineNs) throws HelperException {
    return helper.request("watch " + tid + " " + periodNs + " " + deadlineNs).equals("watching");
  }

  public void unwatch(long tid) throws HelperException {
    helper.request("unwatch " + tid);
  }

  @Override
  public void close() {
    helper.close();
  }
}
