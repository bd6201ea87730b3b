package io.piccolo.adapters.dryrun;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Carries out nothing: it records what it would do and succeeds at once with the Model state the
 * action implies ({@code launch}, {@code update} and {@code rollback}: running; {@code terminate}:
 * exited), unless it was told to fail that action. Like every executor it is idempotent: launching
 * a Model it already runs, or terminating one it does not, succeeds and says so.
 */
public final class DryRunExecutor implements Executor {
  public static final String NAME = "dry-run";
  static final Set<String> ACTIONS = Set.of("launch", "terminate", "update", "rollback");

  private final List<Failing> failing;
  private final Consumer<String> record;
  private final Map<String, String> states = new ConcurrentHashMap<>();

  /**
   * @param failing actions to fail, with their reason
   * @param record told each line of what it would do
   */
  public DryRunExecutor(List<Failing> failing, Consumer<String> record) {
    this.failing = List.copyOf(failing);
    this.record = record;
  }

  public DryRunExecutor() {
    this(List.of(), line -> {});
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Targeting targeting() {
    return Targeting.PACKAGE_MODELS;
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
    String pkg = work.target().packageName();
    String target = pkg != null ? pkg : work.target().modelName();
    Outcome o = outcome(work.action(), target, work.target().modelName());
    record.accept(
        "would "
            + work.action()
            + " Model "
            + work.target().modelName()
            + " (version "
            + work.target().model().version()
            + ")"
            + (work.target().node() == null ? "" : " on " + work.target().node())
            + ": "
            + (o.failure != null ? "fails: " + o.failure : o.state));
    return CompletableFuture.completedFuture(
        o.failure != null
            ? WorkResult.failed(o.failure, Duration.ZERO)
            : new WorkResult(WorkResult.Outcome.SUCCEEDED, o.note, Duration.ZERO, o.state));
  }

  /** What the dry run does with an action: its failure, or the state it leaves and a note. */
  record Outcome(String state, String note, String failure) {}

  /**
   * The dry run's answer for {@code action} on {@code target} (the decision's target) and one of
   * its Models, keeping track of the states it implied.
   */
  Outcome outcome(String action, String target, String model) {
    for (Failing f : failing) {
      if (f.matches(action, target)) {
        return new Outcome(null, null, f.reason());
      }
    }
    String before = states.get(model);
    String after = action.equals("terminate") ? "exited" : "running";
    String note = null;
    if (action.equals("launch") && "running".equals(before)) {
      note = "already running";
    } else if (action.equals("terminate") && !"running".equals(before)) {
      note = "not running";
    }
    states.put(model, after);
    return new Outcome(after, note, null);
  }

  /** The failures it was told to make. */
  public List<Failing> failing() {
    return new ArrayList<>(failing);
  }

  @Override
  public CompletionStage<Void> start() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> stop() {
    return CompletableFuture.completedFuture(null);
  }
}
