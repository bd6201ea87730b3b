package io.piccolo.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The TIMPANI executor: the action {@code schedule} on a Package applies the Schedule its {@code
 * spec.schedule} names (or the action's {@code schedule} parameter) to the threads that run its
 * tasks on this node, checked first against this machine ({@link PackageSchedules}), then follows
 * their deadline misses ({@link MissFollower}) and carries out the Package's Policy when they reach
 * its count ({@link MissStrategies}).
 *
 * <p>Parameters: {@code tasks} (a map of task name to PID, instead of finding them by name), and
 * {@code period}, {@code runtime}, {@code deadline} (µs) to change those of every task, or of the
 * one {@code task} names. One request is one unit of work, however many Models the Package lists.
 */
public final class TimpaniExecutor implements Executor {
  public static final String NAME = "timpani";
  public static final String ACTION = "schedule";

  /**
   * How long a restarted workload's schedule is tried again: its processes start, and the kernel
   * releases the cgroups of those stopped.
   */
  static final Duration RESTART_TASKS_WITHIN = Duration.ofSeconds(20);

  private static final long SWEEP_MILLIS = 1000;
  private static final long RETRY_MILLIS = 100;

  private final StateStore store;
  private final DeadlineMisses misses;
  private final Restarts restarts;
  private final TimpaniMeters meters;
  private final Consumer<String> log;
  private final ScheduledExecutorService worker;
  private final Map<String, CompletableFuture<WorkResult>> requests =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(
                Map.Entry<String, CompletableFuture<WorkResult>> e) {
              return size() > 1000;
            }
          });
  private volatile Kernel kernel;
  private volatile PackageSchedules schedules;
  private volatile MissFollower follower;
  private volatile Machine machine;

  /** An executor whose {@code strategy: restart} cannot launch anything, and says so. */
  public TimpaniExecutor(
      StateStore store, DeadlineMisses misses, MeterRegistry meters, Consumer<String> log) {
    this(store, misses, Restarts.NONE, meters, log);
  }

  /**
   * @param store where Packages, Policies and Schedules are read
   * @param misses told every deadline miss, and what a Policy's strategy did
   * @param restarts how {@code strategy: restart} stops and launches a workload again
   * @param log told each line for the operator
   */
  public TimpaniExecutor(
      StateStore store,
      DeadlineMisses misses,
      Restarts restarts,
      MeterRegistry meters,
      Consumer<String> log) {
    this.store = store;
    this.misses = misses;
    this.restarts = restarts;
    this.meters = new TimpaniMeters(meters);
    this.log = log;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "piccolo-timpani");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> actions() {
    return Set.of(ACTION);
  }

  @Override
  public Targeting targeting() {
    return Targeting.PACKAGE_MODELS;
  }

  /** Starts the native helper; fails when it cannot run here. */
  @Override
  public CompletionStage<Void> start() {
    return CompletableFuture.runAsync(
        () -> {
          try {
            machine = Machine.current();
            kernel = Kernel.start(this::event);
            MissStrategies strategies =
                new MissStrategies(
                    kernel,
                    restarts,
                    misses,
                    meters,
                    log,
                    worker,
                    work -> reapply(work, deadline()));
            schedules = new PackageSchedules(store, kernel, machine);
            follower = new MissFollower(kernel, misses, meters, log, worker, strategies::act);
            worker.scheduleWithFixedDelay(
                follower::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
          } catch (IOException | RuntimeException e) {
            throw new CompletionException(new IllegalStateException(e.getMessage(), e));
          }
        },
        worker);
  }

  @Override
  public CompletionStage<Void> stop() {
    return CompletableFuture.runAsync(
            () -> {
              if (follower != null) {
                follower
                    .sweep(); // the cgroups of workloads that ended go; running ones keep theirs
              }
              Kernel k = kernel;
              if (k != null) {
                k.close();
              }
            },
            worker)
        .whenComplete((ok, e) -> worker.shutdown());
  }

  /** An event line from the helper; none comes before a schedule is followed. */
  private void event(String line) {
    MissFollower f = follower;
    if (f != null) {
      f.event(line);
    }
  }

  /** The workloads whose schedules are followed, for tests and status. */
  public Set<String> workloads() {
    MissFollower f = follower;
    return f == null ? Set.of() : f.workloads();
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
    // a Package's Models each come as a unit of the same request: the first applies the schedule
    return requests.computeIfAbsent(
        work.requestId(), id -> CompletableFuture.supplyAsync(() -> run(work), worker));
  }

  private WorkResult run(Work work) {
    long start = System.nanoTime();
    try {
      return new WorkResult(WorkResult.Outcome.SUCCEEDED, apply(work), took(start), null);
    } catch (PackageSchedules.Refusal e) {
      return WorkResult.failed(e.getMessage(), took(start));
    } catch (StoreException e) {
      return WorkResult.failed("the store could not be read: " + e.getMessage(), took(start));
    }
  }

  /** On the worker: applies and follows one request's schedule. */
  private String apply(Work work) throws PackageSchedules.Refusal, StoreException {
    PackageSchedules.Applied applied;
    try {
      applied = schedules.apply(work);
    } catch (PackageSchedules.Refusal e) {
      follower.removeUnused(e.cpusets()); // what a refused apply made before the kernel refused
      throw e;
    }
    follower.follow(applied.run(), applied.tasks());
    BitSet realTime = new BitSet();
    applied.tasks().stream()
        .filter(a -> a.binding().task().policy() != SchedulingPolicy.NORMAL)
        .forEach(a -> realTime.or(a.cpus()));
    kernel.keepReaderOff(realTime, machine.online());
    List<String> lines = applied.tasks().stream().map(AppliedTask::describe).toList();
    lines.forEach(l -> log.accept("timpani: " + applied.run().workload + ": " + l));
    return "applied "
        + applied.tasks().size()
        + " task(s) of Schedule "
        + applied.run().schedule.name();
  }

  private static long deadline() {
    return System.nanoTime() + RESTART_TASKS_WITHIN.toNanos();
  }

  /**
   * On the worker: a restarted workload's schedule applied again, once its new processes have the
   * tasks' names (a container takes a moment to start its own).
   */
  private void reapply(Work work, long until) {
    String workload = PackageSchedules.workload(work);
    try {
      String applied = apply(work);
      log.accept("timpani: " + workload + " restarted, its schedule applied again: " + applied);
    } catch (PackageSchedules.Refusal e) {
      // the new processes may not have their names yet, and the kernel may still count the
      // stopped containers' cgroups against the RT budget their parent has for the new ones
      if (System.nanoTime() < until) {
        worker.schedule(() -> reapply(work, until), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      log.accept(
          "timpani: "
              + workload
              + " restarted, but its schedule was not applied: "
              + e.getMessage());
    } catch (StoreException e) {
      log.accept(
          "timpani: "
              + workload
              + " restarted, but the store could not be read: "
              + e.getMessage());
    }
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
