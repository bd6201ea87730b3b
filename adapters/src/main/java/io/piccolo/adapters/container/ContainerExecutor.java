package io.piccolo.adapters.container;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every container executor does, whatever its runtime ({@link ContainerRuntime}): the actions,
 * their idempotence, the warm start, the event stream and the restart policy.
 *
 * <ul>
 *   <li>{@code launch}: creates what is missing and starts it; a Model that runs from the same
 *       document succeeds at once, one of another document is replaced.
 *   <li>{@code terminate}: stops the Model's containers with its {@code
 *       terminationGracePeriodSeconds} (the runtime kills what is still running after it), kills
 *       them if the stop fails, and removes them; a missing Model succeeds at once.
 *   <li>{@code update}, {@code rollback}: replaces the Model's containers with those of the
 *       document the work names (the dispatcher resolves the version), unless they run that
 *       document already.
 *   <li>{@link #prepare(Work)}: the warm start. Creates the containers without starting them, so a
 *       later {@code launch} only starts them; the Model's state is then {@code created}.
 * </ul>
 *
 * Work on one Model runs in the order it arrived; different Models run side by side. The runtime
 * away, a timeout or a 5xx answer fail the work with {@link io.piccolo.adapters.TransientFailure};
 * anything the runtime refuses fails it with the runtime's words.
 *
 * <p>{@link #observe} tells of containers that died without PICCOLO stopping them, from the
 * runtime's event stream (no polling), and of the restarts PICCOLO makes for the Model's {@code
 * restartPolicy}. The stream reconnects with backoff after the runtime restarts and catches up on
 * what happened meanwhile.
 *
 * @param <D> what the runtime has of one Model
 */
public abstract class ContainerExecutor<D extends Deployment>
    implements Executor, WarmStart, io.piccolo.adapters.NetworkNamespaces {
  private static final Set<String> ACTIONS = Set.of("launch", "terminate", "update", "rollback");

  private final String name;
  private final UnixSocketApi socket;
  private final ContainerRuntime<D> runtime;
  private final KeyedQueue models = new KeyedQueue();
  private final ContainerSupervisor supervisor;
  private final EventFollower events;

  /**
   * @param name the executor's name, e.g. {@code podman}
   * @param runtime the runtime's side, given the socket it talks over
   */
  protected ContainerExecutor(
      Vertx vertx,
      RuntimeOptions options,
      String name,
      Function<UnixSocketApi, ContainerRuntime<D>> runtime) {
    this.name = name;
    this.socket = new UnixSocketApi(vertx, options.socketPath());
    this.runtime = runtime.apply(socket);
    this.supervisor =
        new ContainerSupervisor(
            vertx, models, options.restartBackoff(), this.runtime::startContainer);
    this.events =
        new EventFollower(
            vertx, socket, this.runtime::eventsUri, supervisor::onEvent, this::adoptRunning);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public final Targeting targeting() {
    return Targeting.PACKAGE_MODELS;
  }

  /** Follows the runtime's events; completes at once, also while it is away (it reconnects). */
  @Override
  public final CompletionStage<Void> start() {
    events.start();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public final CompletionStage<Void> stop() {
    events.stop();
    return socket.close().toCompletionStage();
  }

  @Override
  public final void observe(Consumer<ObservedState> states) {
    supervisor.observe(states);
  }

  @Override
  public final CompletionStage<WorkResult> execute(Work work) {
    long started = System.nanoTime();
    String model = work.target().modelName();
    Supplier<Future<WorkOutcome>> operation;
    switch (work.action()) {
      case "launch" -> operation = () -> WorkOutcome.mapped(work).compose(this::launch);
      case "terminate" ->
          operation =
              () -> terminate(model, ModelMapping.gracePeriod(work.target().model().document()));
      case "update", "rollback" ->
          operation = () -> WorkOutcome.mapped(work).compose(this::replace);
      default -> {
        return CompletableFuture.completedFuture(
            WorkResult.failed(
                name + " does not carry out '" + work.action() + "' (it does " + ACTIONS + ")",
                Duration.ofNanos(System.nanoTime() - started)));
      }
    }
    return WorkOutcome.finish(models.run(model, operation), started, name);
  }

  /**
   * The warm start: creates the Model's containers without starting them, so that a later {@code
   * launch} only starts them; leaves running ones as they are. Completes as {@link #execute} does;
   * the Model's state is then {@code created} (or {@code running}, when it ran already).
   */
  @Override
  public final CompletionStage<WorkResult> prepare(Work work) {
    long started = System.nanoTime();
    return WorkOutcome.finish(
        models.run(
            work.target().modelName(), () -> WorkOutcome.mapped(work).compose(this::prepare)),
        started,
        name);
  }

  @Override
  public final CompletionStage<java.util.Optional<java.nio.file.Path>> networkNamespace(
      String model) {
    return runtime.networkNamespace(model).map(java.util.Optional::ofNullable).toCompletionStage();
  }

  /** Whether the runtime's event stream is open now. */
  protected final boolean followsEvents() {
    return events.following();
  }

  /** Time spent waiting on the runtime's answers so far, for benchmarks. */
  protected final long nanosWaiting() {
    return socket.nanosWaiting();
  }

  private Future<WorkOutcome> launch(PodPlan plan) {
    supervisor.workBegins(plan.name());
    return requireImages(plan)
        .compose(v -> runtime.find(plan.name()))
        .compose(
            existing -> {
              if (!existing.sameDocument(plan)) {
                return remove(plan.name(), existing, plan.gracePeriod())
                    .compose(v -> createAndStart(plan, runtime.absent()))
                    .map(
                        new WorkOutcome(
                            "replaced " + runtime.replacedWhat() + " of another document",
                            "running"));
              }
              if (existing.present() && existing.allRunning(plan)) {
                return Future.succeededFuture(new WorkOutcome("already running", "running"));
              }
              return createAndStart(plan, existing).map(new WorkOutcome(null, "running"));
            });
  }

  private Future<WorkOutcome> replace(PodPlan plan) {
    supervisor.workBegins(plan.name());
    return requireImages(plan)
        .compose(v -> runtime.find(plan.name()))
        .compose(
            existing -> {
              if (existing.present() && existing.sameDocument(plan) && existing.allRunning(plan)) {
                return Future.succeededFuture(
                    new WorkOutcome("already running this document", "running"));
              }
              return remove(plan.name(), existing, plan.gracePeriod())
                  .compose(v -> createAndStart(plan, runtime.absent()))
                  .map(new WorkOutcome(null, "running"));
            });
  }

  private Future<WorkOutcome> terminate(String model, Duration grace) {
    supervisor.workBegins(model);
    return runtime
        .find(model)
        .compose(
            existing ->
                existing.present()
                    ? remove(model, existing, grace).map(new WorkOutcome(null, "exited"))
                    : Future.succeededFuture(new WorkOutcome("not present", "exited")));
  }

  private Future<WorkOutcome> prepare(PodPlan plan) {
    return requireImages(plan)
        .compose(v -> runtime.find(plan.name()))
        .compose(
            existing -> {
              if (existing.anyRunning()) {
                return Future.succeededFuture(new WorkOutcome("already running", "running"));
              }
              supervisor.workBegins(plan.name());
              Future<D> current =
                  existing.sameDocument(plan)
                      ? Future.succeededFuture(existing)
                      : remove(plan.name(), existing, plan.gracePeriod()).map(runtime.absent());
              return current
                  .compose(left -> runtime.create(plan, left, supervisor))
                  .compose(v -> runtime.readyAhead(plan))
                  .map(new WorkOutcome("prepared", "created"));
            });
  }

  /** Removes what there is, its containers' deaths PICCOLO's own doing. */
  private Future<Void> remove(String model, D existing, Duration grace) {
    if (!existing.present()) {
      return Future.succeededFuture();
    }
    return supervisor.whileStopping(model, () -> runtime.remove(model, existing, grace));
  }

  private Future<Void> createAndStart(PodPlan plan, D existing) {
    return runtime.create(plan, existing, supervisor).compose(v -> runtime.start(plan, supervisor));
  }

  private Future<Void> requireImages(PodPlan plan) {
    return WorkOutcome.requireImages(plan, runtime.describe(), runtime::imageExists);
  }

  /** Picks up the running containers PICCOLO created, after each (re)connection of the events. */
  private void adoptRunning() {
    runtime.runningContainers().onSuccess(supervisor::adopt);
  }
}
