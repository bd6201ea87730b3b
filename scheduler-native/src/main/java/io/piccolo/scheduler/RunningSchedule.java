package io.piccolo.scheduler;

import io.piccolo.adapters.Work;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Package's applied Schedule as the executor follows it: the work that applied it (to apply it
 * again after a restart), its tasks' threads, their misses and the cpuset cgroups made for them.
 */
final class RunningSchedule {
  final String workload;
  final Schedule schedule;
  final String node;
  final MissPolicy policy;
  final Work work;
  final Map<Long, TaskRun> tasks = new ConcurrentHashMap<>();
  final Set<String> cpusets = ConcurrentHashMap.newKeySet();
  long misses;
  boolean acted;

  RunningSchedule(String workload, Schedule schedule, String node, MissPolicy policy, Work work) {
    this.workload = workload;
    this.schedule = schedule;
    this.node = node;
    this.policy = policy;
    this.work = work;
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
