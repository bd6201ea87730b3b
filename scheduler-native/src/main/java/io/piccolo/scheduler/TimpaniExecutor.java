package io.piccolo.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.rulebase.Problem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The TIMPANI executor: the action {@code schedule} on a Package applies the Schedule its {@code
 * spec.schedule} names (or the action's {@code schedule} parameter) to the threads that run its
 * tasks on this node, checked first against this machine, then follows their deadline misses.
 *
 * <p>Parameters: {@code tasks} (a map of task name to PID, instead of finding them by name), and
 * {@code period}, {@code runtime}, {@code deadline} (µs) to change those of every task, or of the
 * one {@code task} names. One request is one unit of work, however many Models the Package lists.
 */
public final class TimpaniExecutor implements Executor {
  public static final String NAME = "timpani";
  public static final String ACTION = "schedule";

  private final StateStore store;
  private final DeadlineMisses misses;
  private final TimpaniMeters meters;
  private final Consumer<String> log;
  private final ExecutorService worker;
  private final Map<String, RunningSchedule> byWorkload = new ConcurrentHashMap<>();
  private final Map<Long, RunningSchedule> byThread = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<WorkResult>> requests =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(
                Map.Entry<String, CompletableFuture<WorkResult>> e) {
              return size() > 1000;
            }
          });
  private volatile Kernel kernel;
  private volatile Machine machine;

  /**
   * @param store where Packages, Policies and Schedules are read
   * @param misses told every deadline miss, and what a Policy's strategy did
   * @param log told each line for the operator
   */
  public TimpaniExecutor(
      StateStore store, DeadlineMisses misses, MeterRegistry meters, Consumer<String> log) {
    this.store = store;
    this.misses = misses;
    this.meters = new TimpaniMeters(meters);
    this.log = log;
    this.worker =
        Executors.newSingleThreadExecutor(
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
          } catch (IOException | RuntimeException e) {
            throw new java.util.concurrent.CompletionException(
                new IllegalStateException(e.getMessage(), e));
          }
        },
        worker);
  }

  @Override
  public CompletionStage<Void> stop() {
    return CompletableFuture.runAsync(
            () -> {
              Kernel k = kernel;
              if (k != null) {
                k.close();
              }
            },
            worker)
        .whenComplete((ok, e) -> worker.shutdown());
  }

  /** The workloads whose schedules are followed, for tests and status. */
  public Set<String> workloads() {
    return Set.copyOf(byWorkload.keySet());
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
      String reason = applyFor(work);
      return new WorkResult(WorkResult.Outcome.SUCCEEDED, reason, took(start), null);
    } catch (Refusal e) {
      return WorkResult.failed(e.getMessage(), took(start));
    } catch (StoreException e) {
      return WorkResult.failed("the store could not be read: " + e.getMessage(), took(start));
    }
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Thrown for anything that makes one request fail, with its reason. */
  private static final class Refusal extends Exception {
    Refusal(String message) {
      super(message);
    }
  }

  private String applyFor(Work work) throws Refusal, StoreException {
    String workload =
        work.target().packageName() != null
            ? work.target().packageName()
            : work.target().modelName();
    JsonNode pkg = document("Package", workload).orElse(null);
    String scheduleName = text(work.params().get("schedule"));
    if (scheduleName == null && pkg != null) {
      scheduleName = pkg.path("spec").path("schedule").asText(null);
    }
    if (scheduleName == null) {
      throw new Refusal(
          "Package "
              + workload
              + " names no Schedule (spec.schedule) and the action no 'schedule'");
    }
    String name = scheduleName;
    JsonNode doc =
        document("Schedule", name)
            .orElseThrow(
                () -> new Refusal("Schedule/" + name + " is not in the store: apply it first"));
    Schedule schedule;
    try {
      schedule = changed(ScheduleReader.read(Artifact.of("Schedule", name, doc)), work.params());
    } catch (IllegalArgumentException e) {
      throw new Refusal(e.getMessage());
    }
    List<Problem> problems = ScheduleChecks.check(schedule, machine);
    if (!problems.isEmpty()) {
      throw new Refusal(
          "Schedule "
              + name
              + " does not fit "
              + where(work)
              + " ("
              + problems.size()
              + " problem(s)): "
              + String.join("; ", problems.stream().map(Problem::message).toList()));
    }
    MissPolicy policy = missPolicy(pkg);
    List<Binding> bindings = bind(schedule, workload, pkg, work.params());
    List<AppliedTask> applied;
    try {
      applied = new ScheduleApplier(kernel, machine).apply(schedule, bindings);
    } catch (ApplyException e) {
      throw new Refusal(e.getMessage());
    }
    follow(new RunningSchedule(workload, schedule, work.target().node(), policy), applied);
    List<String> lines = applied.stream().map(AppliedTask::describe).toList();
    lines.forEach(l -> log.accept("timpani: " + workload + ": " + l));
    return "applied " + applied.size() + " task(s) of Schedule " + name;
  }

  private String where(Work work) {
    return work.target().node() == null ? "this node" : "node " + work.target().node();
  }

  private MissPolicy missPolicy(JsonNode pkg) throws Refusal, StoreException {
    String name = pkg == null ? null : pkg.path("spec").path("policy").asText(null);
    if (name == null) {
      return MissPolicy.NONE;
    }
    try {
      return MissPolicy.of(name, document("Policy", name).orElse(null));
    } catch (IllegalArgumentException e) {
      throw new Refusal(e.getMessage());
    }
  }

  /** Which thread runs each task: the action's {@code tasks}, else found by name. */
  private List<Binding> bind(
      Schedule schedule, String workload, JsonNode pkg, Map<String, Object> params) throws Refusal {
    Map<?, ?> given = params.get("tasks") instanceof Map<?, ?> m ? m : Map.of();
    List<String> models = new ArrayList<>();
    if (pkg != null) {
      pkg.path("spec").path("models").forEach(m -> models.add(m.path("name").asText()));
    }
    List<Long> scope = TaskFinder.processesOf(models);
    List<Binding> out = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    for (Task t : schedule.tasks()) {
      Object pid = given.get(t.name());
      if (pid != null) {
        out.add(new Binding(t, pidOf(t, pid)));
        continue;
      }
      List<Long> threads = TaskFinder.threadsNamed(t.name(), scope);
      if (threads.isEmpty()) {
        unmatched.add(t.name());
      } else {
        threads.forEach(tid -> out.add(new Binding(t, tid)));
      }
    }
    if (!unmatched.isEmpty()) {
      throw new Refusal(
          "Schedule "
              + schedule.name()
              + ": task(s) "
              + String.join(", ", unmatched)
              + " match no process "
              + (scope.isEmpty()
                  ? "on this node"
                  : "of Package " + workload + "'s containers (" + String.join(", ", models) + ")")
              + " by name (comm); nothing was applied");
    }
    return out;
  }

  private static long pidOf(Task t, Object pid) throws Refusal {
    long value = pid instanceof Number n ? n.longValue() : parse(String.valueOf(pid));
    if (value <= 0 || !java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/" + value))) {
      throw new Refusal("task " + t.name() + ": no process or thread " + pid + " is running");
    }
    return value;
  }

  private static long parse(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The Schedule with the action's {@code period}, {@code runtime}, {@code deadline} in place. */
  static Schedule changed(Schedule s, Map<String, Object> params) {
    Long period = micros(params.get("period"));
    Long runtime = micros(params.get("runtime"));
    Long deadline = micros(params.get("deadline"));
    String only = text(params.get("task"));
    if (period == null && runtime == null && deadline == null) {
      return s;
    }
    List<Task> tasks = new ArrayList<>();
    for (Task t : s.tasks()) {
      if (only != null && !only.equals(t.name())) {
        tasks.add(t);
        continue;
      }
      long p = period != null ? period : t.periodUs();
      tasks.add(
          new Task(
              t.name(),
              t.policy(),
              t.priority(),
              t.nice(),
              t.cpuAffinity(),
              p,
              t.releaseTimeUs(),
              runtime != null ? runtime : t.runtimeUs(),
              deadline != null
                  ? deadline
                  : (period != null && t.deadlineUs() == t.periodUs() ? p : t.deadlineUs()),
              t.nodeId(),
              t.maxDmiss(),
              t.temporalClass(),
              Map.of()));
    }
    return new Schedule(s.name(), s.file(), s.line(), tasks);
  }

  private static Long micros(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String text) {
      long parsed = parse(text);
      return parsed > 0 ? parsed : null;
    }
    return null;
  }

  private static String text(Object v) {
    return v == null ? null : String.valueOf(v);
  }

  private Optional<JsonNode> document(String kind, String name) throws StoreException {
    return store.get(new ArtifactRef(kind, name)).map(StoredArtifact::document);
  }

  /** Follows the applied tasks; a schedule applied again replaces what was followed before. */
  private void follow(RunningSchedule run, List<AppliedTask> applied) {
    RunningSchedule before = byWorkload.put(run.workload, run);
    if (before != null) {
      before.tasks.keySet().forEach(tid -> byThread.remove(tid, before));
    }
    for (AppliedTask a : applied) {
      run.tasks.put(
          a.binding().tid(), new RunningSchedule.TaskRun(a.binding().task(), a.binding().tid()));
      byThread.put(a.binding().tid(), run);
    }
  }

  /** An event line from the helper, on its reader thread. */
  private void event(String line) {
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
    switch (f[0]) {
      case "miss" ->
          missed(run, task, Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
      case "jitter" -> {
        for (int i = 2; i < f.length; i++) {
          meters.jitter(run.workload, task.task.name(), Long.parseLong(f[i]));
        }
      }
      case "exit" -> {
        run.tasks.remove(tid);
        byThread.remove(tid, run);
        if (run.tasks.isEmpty()) {
          byWorkload.remove(run.workload, run);
        }
      }
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
        worker.execute(() -> act(run, reason));
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

  /** Carries out the Policy's strategy once, off the helper's reader thread. */
  private void act(RunningSchedule run, String reason) {
    MissPolicy.Strategy strategy = run.policy.strategy();
    for (RunningSchedule.TaskRun t : run.tasks.values()) {
      if (strategy == MissPolicy.Strategy.DEGRADE) {
        try {
          kernel.schedule(t.tid, SchedulingPolicy.NORMAL, 0, 0, 0, 0, 0);
        } catch (HelperException e) {
          log.accept(
              "timpani: "
                  + run.workload
                  + ": task "
                  + t.task.name()
                  + " could not be lowered: "
                  + e.getMessage());
        }
      } else {
        ProcessHandle.of(processOf(t.tid)).ifPresent(ProcessHandle::destroy);
      }
    }
    String what =
        switch (strategy) {
          case STOP -> "stopped";
          case RESTART -> "stopped for its restart policy to start again";
          case DEGRADE -> "lowered to SCHED_OTHER";
        };
    log.accept("timpani: " + run.workload + " " + what + ": " + reason);
    misses.acted(run.workload, strategy.label(), reason);
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
