package io.piccolo.engine.fact;

import java.util.Objects;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * A periodic task of a TIMPANI Schedule finished a job after its deadline, or was still running at
 * its next release: {@code DeadlineMiss(workload == "timpani_test", task == "p1_0")}. An event on
 * the session clock ({@code time}), so windows apply: {@code Number(intValue >= 3) from
 * accumulate(DeadlineMiss(task == "p1_0") over window:time(10s), count(1))}.
 */
@Role(Role.Type.EVENT)
@Timestamp("time")
public final class DeadlineMiss {
  private final String workload;
  private final String schedule;
  private final String task;
  private final String node;
  private final long pid;
  private final long time;
  private final long timeNanos;
  private final long latenessMicros;
  private final long count;

  /**
   * @param workload the Package whose task missed
   * @param node the node it runs on, or null when none is named
   * @param pid the thread the task runs on
   * @param timeNanos when the miss was seen (epoch ns), as libtimpani's clock read it
   * @param latenessMicros how long after its deadline the job ended (µs)
   * @param count the task's misses since its schedule was applied, this one included
   */
  public DeadlineMiss(
      String workload,
      String schedule,
      String task,
      String node,
      long pid,
      long timeNanos,
      long latenessMicros,
      long count) {
    this.workload = Objects.requireNonNull(workload, "workload");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.task = Objects.requireNonNull(task, "task");
    this.node = node;
    this.pid = pid;
    this.time = timeNanos / 1_000_000;
    this.timeNanos = timeNanos;
    this.latenessMicros = latenessMicros;
    this.count = count;
  }

  public String getWorkload() {
    return workload;
  }

  public String getSchedule() {
    return schedule;
  }

  public String getTask() {
    return task;
  }

  public String getNode() {
    return node;
  }

  public long getPid() {
    return pid;
  }

  public long getTime() {
    return time;
  }

  /** When the miss was seen, epoch ns: what latency measurements start from. */
  public long getTimeNanos() {
    return timeNanos;
  }

  public long getLatenessMicros() {
    return latenessMicros;
  }

  /** Lateness in milliseconds, for rules that compare with other times. */
  public double getLatenessMillis() {
    return latenessMicros / 1000.0;
  }

  public long getCount() {
    return count;
  }

  @Override
  public String toString() {
    return "DeadlineMiss["
        + workload
        + "/"
        + task
        + " pid "
        + pid
        + (node == null ? "" : " on " + node)
        + ", "
        + latenessMicros
        + " µs late, miss "
        + count
        + "]";
  }
}
