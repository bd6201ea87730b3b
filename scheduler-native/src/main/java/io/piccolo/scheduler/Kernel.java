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
  private final java.util.List<Long> readers = new java.util.concurrent.CopyOnWriteArrayList<>();

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
   * Runs the thread that reads the helper's events at SCHED_FIFO 1 (nice −20 where FIFO is
   * refused), so the node's ordinary work, every other session's included, does not delay the news
   * of a miss: at nice −20 alone a miss waited milliseconds on a busy CPU. Left as it is where the
   * kernel refuses both.
   */
  private void raiseReader() {
    for (long tid :
        TaskFinder.threadsNamed(NativeHelper.READER, List.of(ProcessHandle.current().pid()))) {
      readers.add(tid);
      try {
        schedule(tid, SchedulingPolicy.FIFO, 1, 0, 0, 0, 0);
      } catch (HelperException e) {
        try {
          schedule(tid, SchedulingPolicy.NORMAL, 0, -20, 0, 0, 0);
        } catch (HelperException notRoot) {
          // the reader keeps its nice
        }
      }
    }
  }

  /**
   * Moves the thread that reads the helper's events off these CPUs (those of the real-time tasks it
   * follows), onto the other online ones, so an overloaded task does not delay the news of its own
   * misses; left where it is when no CPU is left, or where the kernel refuses.
   */
  public void keepReaderOff(BitSet taskCpus, BitSet online) {
    BitSet others = (BitSet) online.clone();
    others.andNot(taskCpus);
    if (others.isEmpty()) {
      return;
    }
    for (long tid : readers) {
      try {
        affinity(tid, others);
      } catch (HelperException e) {
        // not root, or the thread's own cpuset does not allow them: it stays where it is
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
   * Removes a v1 cpuset cgroup {@link #cpuset} made, moving any thread still in it to the root
   * cpuset, and each level above it left empty.
   *
   * @return how many levels were removed (0 when it was gone already)
   */
  public int removeCpuset(String group) throws HelperException {
    return Integer.parseInt(helper.request("rmcpuset " + group).trim());
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
   * Hands the period and deadline to a thread's libtimpani record and watches it for misses. A
   * thread without a record yet (started, but not at its first {@code timpani_wait_next_period}) is
   * watched from the moment it opens one.
   *
   * @return whether the record was there already
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
