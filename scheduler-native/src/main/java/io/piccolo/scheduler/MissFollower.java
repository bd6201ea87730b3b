package io.piccolo.scheduler;

import io.piccolo.engine.fact.DeadlineMiss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Following misses: the applied schedules' threads, their deadline misses (as {@code DeadlineMiss}
 * facts and meters, counted against the Policy's threshold and each task's {@code max_dmiss}) and
 * their end. A schedule applied again replaces the one before; a workload whose threads have all
 * ended is forgotten. Either way the cpuset cgroups no followed schedule uses any more are removed,
 * with their parents once empty.
 *
 * <p>Misses and jitter arrive on the helper's reader thread; everything that changes what is
 * followed runs on the executor's worker, so applying and cleaning up never race.
 */
final class MissFollower {
  private final Kernel kernel;
  private final DeadlineMisses misses;
  private final TimpaniMeters meters;
  private final Consumer<String> log;
  private final Executor worker;
  private final BiConsumer<RunningSchedule, String> act;
  private final Map<String, RunningSchedule> byWorkload = new ConcurrentHashMap<>();
  private final Map<Long, RunningSchedule> byThread = new ConcurrentHashMap<>();

  /**
   * @param worker the executor's worker thread
   * @param act told, on the worker, when a schedule's Policy should act, and why
   */
  MissFollower(
      Kernel kernel,
      DeadlineMisses misses,
      TimpaniMeters meters,
      Consumer<String> log,
      Executor worker,
      BiConsumer<RunningSchedule, String> act) {
    this.kernel = kernel;
    this.misses = misses;
    this.meters = meters;
    this.log = log;
    this.worker = worker;
    this.act = act;
  }

  Set<String> workloads() {
    return Set.copyOf(byWorkload.keySet());
  }

  /** On the worker: follows what was applied, in place of what the workload had before. */
  void follow(RunningSchedule run, List<AppliedTask> applied) {
    for (AppliedTask a : applied) {
      long tid = a.binding().tid();
      run.tasks.put(tid, new RunningSchedule.TaskRun(a.binding().task(), tid));
      run.cpusets.add(ScheduleApplier.group(run.schedule, a.binding().task()));
    }
    RunningSchedule before = byWorkload.put(run.workload, run);
    if (before != null) {
      before.tasks.keySet().forEach(tid -> byThread.remove(tid, before));
    }
    run.tasks.keySet().forEach(tid -> byThread.put(tid, run));
    if (before != null) {
      removeUnused(before.cpusets);
    }
  }

  /** An event line from the helper, on its reader thread. */
  void event(String line) {
    String[] f = line.split(" ");
    if (f.length < 2) {
      return;
    }
    long tid = Long.parseLong(f[1]);
    RunningSchedule run = byThread.get(tid);
    if (run == null) {
      return;
    }
    RunningSchedule.TaskRun task = run.tasks.get(tid);
    if (task == null) {
      return;
    }
    switch (f[0]) {
      case "miss" ->
          missed(run, task, Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
      case "jitter" -> {
        for (int i = 2; i < f.length; i++) {
          meters.jitter(run.workload, task.task.name(), Long.parseLong(f[i]));
        }
      }
      case "exit" -> worker.execute(this::sweep);
      default -> {}
    }
  }

  private void missed(
      RunningSchedule run, RunningSchedule.TaskRun task, long count, long latenessNs, long timeNs) {
    meters.missed(run.workload, task.task.name(), count);
    for (long i = 0; i < count; i++) {
      long n;
      String reason;
      synchronized (run) {
        n = ++task.misses;
        run.misses++;
        reason = run.acted ? null : threshold(run, task);
        run.acted |= reason != null;
      }
      misses.missed(
          new DeadlineMiss(
              run.workload,
              run.schedule.name(),
              task.task.name(),
              run.node,
              task.tid,
              timeNs,
              Math.max(0, latenessNs) / 1000,
              n));
      if (reason != null) {
        String why = reason;
        worker.execute(() -> act.accept(run, why));
      }
    }
  }

  /** Why the Policy's strategy acts now, or null: the task's max_dmiss, or the Package's count. */
  private static String threshold(RunningSchedule run, RunningSchedule.TaskRun task) {
    if (task.task.maxDmiss() > 0 && task.misses >= task.task.maxDmiss()) {
      return "task "
          + task.task.name()
          + " missed "
          + task.misses
          + " deadline(s) (its max_dmiss is "
          + task.task.maxDmiss()
          + ")";
    }
    if (run.policy.threshold() > 0 && run.misses >= run.policy.threshold()) {
      return "its tasks missed "
          + run.misses
          + " deadline(s) (Policy "
          + run.policy.policy()
          + " deadlineMissThreshold is "
          + run.policy.threshold()
          + ")";
    }
    return null;
  }

  /**
   * On the worker: forgets the threads that ended (libtimpani's tell the helper; the others are
   * looked for), and the workloads left with none, removing the cgroups no one uses any more.
   */
  void sweep() {
    for (RunningSchedule run : byWorkload.values()) {
      run.tasks.keySet().removeIf(tid -> !Files.isDirectory(Path.of("/proc/" + tid)));
      byThread.entrySet().removeIf(e -> e.getValue() == run && !run.tasks.containsKey(e.getKey()));
      if (run.tasks.isEmpty() && byWorkload.remove(run.workload, run)) {
        removeUnused(run.cpusets);
      }
    }
  }

  /** On the worker: removes those of these cpuset cgroups that no followed schedule uses. */
  void removeUnused(Set<String> cpusets) {
    Set<String> inUse = new HashSet<>();
    byWorkload.values().forEach(r -> inUse.addAll(r.cpusets));
    for (String group : cpusets) {
      if (inUse.contains(group)) {
        continue;
      }
      try {
        kernel.removeCpuset(group);
      } catch (HelperException e) {
        log.accept(
            "timpani: the cpuset cgroup " + group + " could not be removed: " + e.getMessage());
      }
    }
  }
}
