package io.piccolo.scheduler;

import io.piccolo.adapters.Work;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Carrying out a Policy's strategy, once its count of deadline misses is reached: {@code stop} ends
 * the task processes; {@code restart} stops the workload and launches it again through {@link
 * Restarts}, then applies its schedule to the new processes; {@code degrade} lowers every task to
 * SCHED_OTHER and leaves it running. Each is logged, counted and told to {@link
 * DeadlineMisses#acted}.
 */
final class MissStrategies {
  private final Kernel kernel;
  private final Restarts restarts;
  private final DeadlineMisses misses;
  private final TimpaniMeters meters;
  private final Consumer<String> log;
  private final Executor worker;
  private final Consumer<Work> reapply;

  /**
   * @param reapply applies a restarted workload's schedule again, on the worker
   */
  MissStrategies(
      Kernel kernel,
      Restarts restarts,
      DeadlineMisses misses,
      TimpaniMeters meters,
      Consumer<String> log,
      Executor worker,
      Consumer<Work> reapply) {
    this.kernel = kernel;
    this.restarts = restarts;
    this.misses = misses;
    this.meters = meters;
    this.log = log;
    this.worker = worker;
    this.reapply = reapply;
  }

  /** On the worker: carries out the run's strategy. */
  void act(RunningSchedule run, String reason) {
    MissPolicy.Strategy strategy = run.policy.strategy();
    List<String> tasks = new ArrayList<>();
    run.tasks.values().forEach(t -> tasks.add(t.task.name()));
    switch (strategy) {
      case STOP -> {
        run.tasks
            .values()
            .forEach(t -> ProcessHandle.of(processOf(t.tid)).ifPresent(ProcessHandle::destroy));
        log.accept("timpani: " + run.workload + " stopped: " + reason);
      }
      case DEGRADE -> {
        tasks.clear();
        for (RunningSchedule.TaskRun t : run.tasks.values()) {
          if (lower(run, t)) {
            tasks.add(t.task.name() + " (pid " + t.tid + ")");
          }
        }
        log.accept(
            "timpani: "
                + run.workload
                + " lowered to SCHED_OTHER ("
                + String.join(", ", tasks)
                + "): "
                + reason);
      }
      case RESTART -> {
        log.accept("timpani: " + run.workload + " restarting: " + reason);
        restarts
            .restart(run.workload, reason)
            .whenComplete((ok, failure) -> worker.execute(() -> restarted(run, failure)));
      }
    }
    meters.acted(run.workload, strategy.label());
    misses.acted(
        new PolicyAction(
            run.workload, run.schedule.name(), run.node, strategy.label(), reason, tasks));
  }

  private boolean lower(RunningSchedule run, RunningSchedule.TaskRun t) {
    try {
      kernel.schedule(t.tid, SchedulingPolicy.NORMAL, 0, 0, 0, 0, 0);
      return true;
    } catch (HelperException e) {
      log.accept(
          "timpani: "
              + run.workload
              + ": task "
              + t.task.name()
              + " could not be lowered: "
              + e.getMessage());
      return false;
    }
  }

  private void restarted(RunningSchedule run, Throwable failure) {
    if (failure != null) {
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      log.accept("timpani: " + run.workload + " could not be restarted: " + cause.getMessage());
      return;
    }
    reapply.accept(run.work);
  }

  /** The process a thread belongs to (its Tgid), or the id itself. */
  private static long processOf(long tid) {
    try {
      for (String line : ProcFiles.read("/proc/" + tid + "/status").split("\n")) {
        if (line.startsWith("Tgid:")) {
          return Long.parseLong(line.substring(5).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone already
    }
    return tid;
  }
}
