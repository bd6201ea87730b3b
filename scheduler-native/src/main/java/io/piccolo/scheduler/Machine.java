package io.piccolo.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;

/**
 * What the checks need to know of this machine.
 *
 * @param online the CPUs online, which are the one root domain a machine without isolated CPU
 *     partitions has
 * @param rtShare the share of each CPU real-time and deadline tasks may take: {@code
 *     sched_rt_runtime_us / sched_rt_period_us} (0.95 by default)
 * @param rtPeriodUs {@code sched_rt_period_us}
 */
public record Machine(BitSet online, double rtShare, long rtPeriodUs) {
  public Machine {
    online = (BitSet) online.clone();
  }

  public static Machine current() {
    try {
      BitSet online = CpuList.parse(read("/sys/devices/system/cpu/online"));
      long runtime = Long.parseLong(read("/proc/sys/kernel/sched_rt_runtime_us"));
      long period = Long.parseLong(read("/proc/sys/kernel/sched_rt_period_us"));
      double share = runtime < 0 ? 1.0 : (double) runtime / period;
      return new Machine(online, share, period);
    } catch (IOException e) {
      throw new UncheckedIOException("this machine's CPUs could not be read: " + e.getMessage(), e);
    }
  }

  private static String read(String file) throws IOException {
    return ProcFiles.read(file).trim();
  }

  public int cpuCount() {
    return online.cardinality();
  }

  /** The online CPUs as a list, e.g. {@code 0-1}. */
  public String cpus() {
    return CpuList.format(online);
  }
}
