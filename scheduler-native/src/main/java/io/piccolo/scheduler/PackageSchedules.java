package io.piccolo.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.Work;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.rulebase.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applying: the action {@code schedule} on a Package becomes its Schedule (the one {@code
 * spec.schedule} names, or the action's {@code schedule} parameter, with the action's {@code
 * period}, {@code runtime} and {@code deadline} in place), checked against this machine, bound to
 * the threads that run its tasks (the action's {@code tasks}, else found by name among the
 * Package's containers) and applied on the kernel.
 */
final class PackageSchedules {
  private final StateStore store;
  private final Kernel kernel;
  private final Machine machine;

  PackageSchedules(StateStore store, Kernel kernel, Machine machine) {
    this.store = store;
    this.kernel = kernel;
    this.machine = machine;
  }

  /** Thrown for anything that makes one request fail, with its reason. */
  static final class Refusal extends Exception {
    private final Set<String> cpusets;

    Refusal(String message) {
      this(message, Set.of());
    }

    Refusal(String message, Set<String> cpusets) {
      super(message);
      this.cpusets = Set.copyOf(cpusets);
    }

    /** The cpuset cgroups the refused apply may have made before the kernel refused it. */
    Set<String> cpusets() {
      return cpusets;
    }
  }

  /** What one request applied, ready to be followed. */
  record Applied(RunningSchedule run, List<AppliedTask> tasks) {}

  Applied apply(Work work) throws Refusal, StoreException {
    String workload = workload(work);
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
              + (work.target().node() == null ? "this node" : "node " + work.target().node())
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
      Set<String> made = new HashSet<>();
      bindings.forEach(b -> made.add(ScheduleApplier.group(schedule, b.task())));
      throw new Refusal(e.getMessage(), made);
    }
    return new Applied(
        new RunningSchedule(workload, schedule, work.target().node(), policy, work), applied);
  }

  static String workload(Work work) {
    return work.target().packageName() != null
        ? work.target().packageName()
        : work.target().modelName();
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
  private static List<Binding> bind(
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
    if (value <= 0 || !Files.isDirectory(Path.of("/proc/" + value))) {
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
}
