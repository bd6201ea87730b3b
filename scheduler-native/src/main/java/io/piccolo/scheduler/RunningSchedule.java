package io.piccolo.scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A Package's applied Schedule as the executor follows it: its tasks' threads and misses. */
final class RunningSchedule {
  final String workload;
  final Schedule schedule;
  final String node;
  final MissPolicy policy;
  final Map<Long, TaskRun> tasks = new ConcurrentHashMap<>();
  long misses;
  boolean acted;

  RunningSchedule(String workload, Schedule schedule, String node, MissPolicy policy) {
    this.workload = workload;
    this.schedule = schedule;
    this.node = node;
    this.policy = policy;
  }

  /** One task on one thread. */
  static final class TaskRun {
    final Task task;
    final long tid;
    long misses;

    TaskRun(Task task, long tid) {
      this.task = task;
      this.tid = tid;
    }
  }
}
