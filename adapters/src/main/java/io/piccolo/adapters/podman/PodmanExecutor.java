package io.piccolo.adapters.podman;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.container.ContainerPlan;
import io.piccolo.adapters.container.ContainerSupervisor;
import io.piccolo.adapters.container.EventFollower;
import io.piccolo.adapters.container.KeyedQueue;
import io.piccolo.adapters.container.ModelMapping;
import io.piccolo.adapters.container.PiccoloLabels;
import io.piccolo.adapters.container.PodPlan;
import io.piccolo.adapters.container.RuntimeOptions;
import io.piccolo.adapters.container.RuntimeRefusal;
import io.piccolo.adapters.container.UnixSocketApi;
import io.piccolo.adapters.container.Watched;
import io.piccolo.adapters.container.WorkOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs Models on Podman through its libpod REST API (v4) on a unix socket ({@code podman system
 * service --time=0 unix:///PATH}); it never runs the {@code podman} command. A Model is one pod
 * named after it, holding containers {@code {model}_{container}} (see {@link ModelMapping}),
 * labelled with scenario, package, model and node ({@link PiccoloLabels}).
 *
 * <ul>
 *   <li>{@code launch}: creates what is missing and starts the pod; a running pod of the same
 *       document succeeds at once, one of another document is replaced.
 *   <li>{@code terminate}: stops the pod with the Model's {@code terminationGracePeriodSeconds}
 *       (Podman kills what is still running after it), kills it if the stop fails, and removes it;
 *       a missing pod succeeds at once.
 *   <li>{@code update}, {@code rollback}: replaces the pod with one of the document the work names
 *       (the dispatcher resolves the version), unless it runs that document already.
 *   <li>{@link #prepare(Work)}: the warm start. Creates the pod and its containers without starting
 *       them, and starts only the pod's infra container, so network and namespaces exist ahead of
 *       time and a later {@code launch} only starts the Model's containers. The Model's state is
 *       {@code created}. The dispatcher calls it for Packages marked warm.
 * </ul>
 *
 * Work on one Model runs in the order it arrived; different Models run side by side. The runtime
 * away, a timeout or a 5xx answer fail the work with {@link TransientFailure}; anything Podman
 * refuses (an image it does not have, a command it cannot run) fails it with Podman's words.
 *
 * <p>{@link #observe} tells of containers that died without PICCOLO stopping them, from {@code GET
 * /libpod/events?stream=true} (no polling), and of the restarts PICCOLO makes for the Model's
 * {@code restartPolicy} (Podman's own restart policy stays "no"). The stream reconnects with
 * backoff after the service restarts and catches up on what happened meanwhile.
 */
public final class PodmanExecutor implements Executor, WarmStart {
  public static final String NAME = "podman";
  private static final Set<String> ACTIONS = Set.of("launch", "terminate", "update", "rollback");

  private final UnixSocketApi socket;
  private final LibpodApi api;
  private final KeyedQueue models = new KeyedQueue();
  private final ContainerSupervisor supervisor;
  private final EventFollower events;

  public PodmanExecutor(Vertx vertx, RuntimeOptions options) {
    this.socket = new UnixSocketApi(vertx, options.socketPath());
    this.api = new LibpodApi(socket, options.callTimeout());
    this.supervisor =
        new ContainerSupervisor(vertx, models, options.restartBackoff(), api::startContainer);
    this.events =
        new EventFollower(
            vertx, socket, LibpodApi::eventsUri, supervisor::onEvent, this::adoptRunning);
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

  /** Follows Podman's events; completes at once, also while Podman is away (it reconnects). */
  @Override
  public CompletionStage<Void> start() {
    events.start();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> stop() {
    events.stop();
    return socket.close().toCompletionStage();
  }

  @Override
  public void observe(Consumer<ObservedState> states) {
    supervisor.observe(states);
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
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
                "podman does not carry out '" + work.action() + "' (it does " + ACTIONS + ")",
                Duration.ofNanos(System.nanoTime() - started)));
      }
    }
    return WorkOutcome.finish(models.run(model, operation), started, NAME);
  }

  /**
   * The warm start: creates the Model's pod and containers without starting them, and starts the
   * pod's infra container, so that a later {@code launch} only starts the containers. Leaves a
   * running pod as it is. Completes as {@link #execute} does; the Model's state is then {@code
   * created} (or {@code running}, when it ran already).
   */
  @Override
  public CompletionStage<WorkResult> prepare(Work work) {
    long started = System.nanoTime();
    return WorkOutcome.finish(
        models.run(
            work.target().modelName(), () -> WorkOutcome.mapped(work).compose(this::prepare)),
        started,
        NAME);
  }

  /** Whether Podman's event stream is open now. */
  boolean followingEvents() {
    return events.following();
  }

  /** Time spent waiting on Podman's answers so far, for benchmarks. */
  long nanosWaitingOnPodman() {
    return socket.nanosWaiting();
  }

  private Future<WorkOutcome> launch(PodPlan plan) {
    supervisor.workBegins(plan.name());
    return requireImages(plan)
        .compose(v -> api.pod(plan.name()))
        .compose(
            pod -> {
              if (pod != null && !plan.digest().equals(digest(pod))) {
                return remove(plan.name(), plan.gracePeriod())
                    .compose(v -> createAndStart(plan, null))
                    .map(new WorkOutcome("replaced a pod of another document", "running"));
              }
              if (pod != null && allRunning(pod, plan)) {
                return Future.succeededFuture(new WorkOutcome("already running", "running"));
              }
              return createAndStart(plan, pod).map(new WorkOutcome(null, "running"));
            });
  }

  private Future<WorkOutcome> replace(PodPlan plan) {
    supervisor.workBegins(plan.name());
    return requireImages(plan)
        .compose(v -> api.pod(plan.name()))
        .compose(
            pod -> {
              if (pod != null && plan.digest().equals(digest(pod)) && allRunning(pod, plan)) {
                return Future.succeededFuture(
                    new WorkOutcome("already running this document", "running"));
              }
              Future<Void> cleared =
                  pod == null ? Future.succeededFuture() : remove(plan.name(), plan.gracePeriod());
              return cleared
                  .compose(v -> createAndStart(plan, null))
                  .map(new WorkOutcome(null, "running"));
            });
  }

  private Future<WorkOutcome> terminate(String model, Duration grace) {
    supervisor.workBegins(model);
    return api.pod(model)
        .compose(
            pod ->
                pod == null
                    ? Future.succeededFuture(new WorkOutcome("not present", "exited"))
                    : remove(model, grace).map(new WorkOutcome(null, "exited")));
  }

  private Future<WorkOutcome> prepare(PodPlan plan) {
    return requireImages(plan)
        .compose(v -> api.pod(plan.name()))
        .compose(
            pod -> {
              if (pod != null && anyRunning(pod)) {
                return Future.succeededFuture(new WorkOutcome("already running", "running"));
              }
              supervisor.workBegins(plan.name());
              Future<JsonObject> current =
                  pod != null && !plan.digest().equals(digest(pod))
                      ? remove(plan.name(), plan.gracePeriod()).map((JsonObject) null)
                      : Future.succeededFuture(pod);
              return current
                  .compose(existing -> ensureCreated(plan, existing))
                  .compose(v -> api.pod(plan.name()))
                  .compose(this::startInfra)
                  .map(new WorkOutcome("prepared", "created"));
            });
  }

  /** Stop with the grace period (Podman kills after it), kill if that fails, then remove. */
  private Future<Void> remove(String model, Duration grace) {
    supervisor.stopping(model);
    return api.stopPod(model, grace)
        .recover(stopFailed -> api.killPod(model))
        .compose(v -> api.removePod(model))
        .eventually(() -> stopped(model));
  }

  private Future<Void> stopped(String model) {
    supervisor.stopped(model);
    return Future.succeededFuture();
  }

  private Future<Void> createAndStart(PodPlan plan, JsonObject existing) {
    return ensureCreated(plan, existing)
        .compose(v -> api.pod(plan.name()))
        .compose(pod -> startPod(plan, pod));
  }

  /** Creates the pod and whichever of its containers are missing; on a refusal removes it again. */
  private Future<Void> ensureCreated(PodPlan plan, JsonObject existing) {
    List<String> present = existing == null ? List.of() : containerNames(existing);
    Future<Void> chain = existing == null ? api.createPod(plan) : Future.succeededFuture();
    for (ContainerPlan container : plan.containers()) {
      if (!present.contains(container.name())) {
        chain = chain.compose(v -> api.createContainer(plan, container));
      }
    }
    return chain.recover(
        cause ->
            cause instanceof RuntimeRefusal
                ? api.removePod(plan.name()).transform(removed -> Future.failedFuture(cause))
                : Future.failedFuture(cause));
  }

  private Future<Void> startPod(PodPlan plan, JsonObject pod) {
    List<Watched> containers = new ArrayList<>();
    for (JsonObject container : appContainers(pod)) {
      containers.add(
          new Watched(
              container.getString("Id"),
              container.getString("Name"),
              plan.name(),
              plan.node(),
              plan.restartPolicy()));
    }
    supervisor.watch(containers);
    return api.startPod(plan.name()).onFailure(cause -> supervisor.unwatch(containers));
  }

  private Future<Void> startInfra(JsonObject pod) {
    String infra = pod == null ? null : pod.getString("InfraContainerID");
    return infra == null || infra.isEmpty() ? Future.succeededFuture() : api.startContainer(infra);
  }

  private Future<Void> requireImages(PodPlan plan) {
    return WorkOutcome.requireImages(plan, "Podman", api::imageExists);
  }

  /** Picks up the running containers PICCOLO created, after each (re)connection of the events. */
  private void adoptRunning() {
    api.managedContainers()
        .onSuccess(
            list -> {
              List<Watched> running = new ArrayList<>();
              for (Object item : list) {
                JsonObject container = (JsonObject) item;
                if (!"running".equals(container.getString("State"))
                    || container.getBoolean("IsInfra", false)) {
                  continue;
                }
                JsonArray names = container.getJsonArray("Names", new JsonArray());
                Watched w =
                    Watched.fromLabels(
                        container.getString("Id"),
                        names.isEmpty() ? container.getString("Id") : names.getString(0),
                        labels(container.getJsonObject("Labels")));
                if (w != null) {
                  running.add(w);
                }
              }
              supervisor.adopt(running);
            });
  }

  private static boolean allRunning(JsonObject pod, PodPlan plan) {
    List<String> running = new ArrayList<>();
    for (JsonObject container : appContainers(pod)) {
      if ("running".equals(container.getString("State"))) {
        running.add(container.getString("Name"));
      }
    }
    return plan.containers().stream().allMatch(c -> running.contains(c.name()));
  }

  private static boolean anyRunning(JsonObject pod) {
    return appContainers(pod).stream().anyMatch(c -> "running".equals(c.getString("State")));
  }

  private static List<String> containerNames(JsonObject pod) {
    return appContainers(pod).stream().map(c -> c.getString("Name")).toList();
  }

  /** The pod's containers other than its infra container. */
  private static List<JsonObject> appContainers(JsonObject pod) {
    String infra = pod.getString("InfraContainerID", "");
    List<JsonObject> containers = new ArrayList<>();
    for (Object item : pod.getJsonArray("Containers", new JsonArray())) {
      JsonObject container = (JsonObject) item;
      if (!infra.equals(container.getString("Id"))) {
        containers.add(container);
      }
    }
    return containers;
  }

  private static String digest(JsonObject pod) {
    JsonObject labels = pod.getJsonObject("Labels");
    return labels == null ? null : labels.getString(PiccoloLabels.MODEL_DIGEST);
  }

  private static java.util.Map<String, String> labels(JsonObject labels) {
    java.util.Map<String, String> texts = new java.util.HashMap<>();
    if (labels != null) {
      labels.forEach(e -> texts.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return texts;
  }
}
