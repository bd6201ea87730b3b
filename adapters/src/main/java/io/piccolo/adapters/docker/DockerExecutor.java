package io.piccolo.adapters.docker;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Targeting;
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
import io.piccolo.adapters.container.UnixSocketApi;
import io.piccolo.adapters.container.Watched;
import io.piccolo.adapters.container.WorkOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs Models through the Docker Engine API (v1.41) on a unix socket: Docker's own daemon, or
 * Podman's Docker-compatible API on the socket of {@code podman system service}. Docker has no
 * pods, so a Model is its containers, {@code {model}_{container}}, told apart by their {@code
 * io.piccolo.model} label; each keeps its own network namespace (or the host's, with {@code
 * hostNetwork}) and publishes its own {@code ports}. Otherwise the mapping ({@link ModelMapping}),
 * the actions, the event stream, the restart policy and the failures are those of the Podman
 * executor; {@link #prepare(Work)} creates the containers without starting them.
 */
public final class DockerExecutor implements Executor, WarmStart {
  public static final String NAME = "docker";
  private static final Set<String> ACTIONS = Set.of("launch", "terminate", "update", "rollback");

  private final UnixSocketApi socket;
  private final DockerApi api;
  private final KeyedQueue models = new KeyedQueue();
  private final ContainerSupervisor supervisor;
  private final EventFollower events;

  public DockerExecutor(Vertx vertx, RuntimeOptions options) {
    this.socket = new UnixSocketApi(vertx, options.socketPath());
    this.api = new DockerApi(socket, options.callTimeout());
    this.supervisor = new ContainerSupervisor(vertx, models, options.restartBackoff(), api::start);
    this.events =
        new EventFollower(
            vertx, socket, DockerApi::eventsUri, supervisor::onEvent, this::adoptRunning);
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

  /** Follows the runtime's events; completes at once, also while it is away (it reconnects). */
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
                "docker does not carry out '" + work.action() + "' (it does " + ACTIONS + ")",
                Duration.ofNanos(System.nanoTime() - started)));
      }
    }
    return WorkOutcome.finish(models.run(model, operation), started, NAME);
  }

  /**
   * The warm start: creates the Model's containers without starting them, so that a later {@code
   * launch} only starts them; leaves running ones as they are. The Model's state is then {@code
   * created}.
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

  /** Whether the runtime's event stream is open now. */
  boolean followingEvents() {
    return events.following();
  }

  private Future<WorkOutcome> launch(PodPlan plan) {
    supervisor.workBegins(plan.name());
    return requireImages(plan)
        .compose(v -> api.containersOf(plan.name()))
        .compose(
            existing -> {
              if (!sameDocument(existing, plan)) {
                return remove(plan.name(), existing, plan.gracePeriod())
                    .compose(v -> createAndStart(plan))
                    .map(
                        new WorkOutcome(
                            existing.isEmpty() ? null : "replaced containers of another document",
                            "running"));
              }
              if (allRunning(existing, plan)) {
                return Future.succeededFuture(new WorkOutcome("already running", "running"));
              }
              return createAndStart(plan).map(new WorkOutcome(null, "running"));
            });
  }

  private Future<WorkOutcome> replace(PodPlan plan) {
    supervisor.workBegins(plan.name());
    return requireImages(plan)
        .compose(v -> api.containersOf(plan.name()))
        .compose(
            existing -> {
              if (!existing.isEmpty()
                  && sameDocument(existing, plan)
                  && allRunning(existing, plan)) {
                return Future.succeededFuture(
                    new WorkOutcome("already running this document", "running"));
              }
              return remove(plan.name(), existing, plan.gracePeriod())
                  .compose(v -> createAndStart(plan))
                  .map(new WorkOutcome(null, "running"));
            });
  }

  private Future<WorkOutcome> terminate(String model, Duration grace) {
    supervisor.workBegins(model);
    return api.containersOf(model)
        .compose(
            existing ->
                existing.isEmpty()
                    ? Future.succeededFuture(new WorkOutcome("not present", "exited"))
                    : remove(model, existing, grace).map(new WorkOutcome(null, "exited")));
  }

  private Future<WorkOutcome> prepare(PodPlan plan) {
    return requireImages(plan)
        .compose(v -> api.containersOf(plan.name()))
        .compose(
            existing -> {
              if (states(existing).containsValue("running")) {
                return Future.succeededFuture(new WorkOutcome("already running", "running"));
              }
              supervisor.workBegins(plan.name());
              Future<Void> cleared =
                  sameDocument(existing, plan)
                      ? Future.succeededFuture()
                      : remove(plan.name(), existing, plan.gracePeriod());
              return cleared
                  .compose(v -> createMissing(plan))
                  .map(new WorkOutcome("prepared", "created"));
            });
  }

  /** Stop each container with the grace period (then killed), kill if that fails, remove. */
  private Future<Void> remove(String model, JsonArray existing, Duration grace) {
    if (existing.isEmpty()) {
      return Future.succeededFuture();
    }
    supervisor.stopping(model);
    List<Future<Void>> removals = new ArrayList<>();
    for (Object item : existing) {
      String id = ((JsonObject) item).getString("Id");
      removals.add(
          api.stop(id, grace).recover(stopFailed -> api.kill(id)).compose(v -> api.remove(id)));
    }
    return Future.all(removals)
        .<Void>mapEmpty()
        .eventually(
            () -> {
              supervisor.stopped(model);
              return Future.succeededFuture();
            });
  }

  private Future<Void> createAndStart(PodPlan plan) {
    return createMissing(plan)
        .compose(v -> api.containersOf(plan.name()))
        .compose(
            containers -> {
              List<Watched> watched = new ArrayList<>();
              Future<Void> chain = Future.succeededFuture();
              for (Object item : containers) {
                JsonObject container = (JsonObject) item;
                if ("running".equals(container.getString("State"))) {
                  continue;
                }
                Watched w =
                    new Watched(
                        container.getString("Id"),
                        name(container),
                        plan.name(),
                        plan.node(),
                        plan.restartPolicy());
                watched.add(w);
                supervisor.watch(List.of(w));
                chain = chain.compose(v -> api.start(w.id()));
              }
              return chain.onFailure(cause -> supervisor.unwatch(watched));
            });
  }

  private Future<Void> createMissing(PodPlan plan) {
    return api.containersOf(plan.name())
        .compose(
            existing -> {
              Set<String> present = states(existing).keySet();
              Future<Void> chain = Future.succeededFuture();
              for (ContainerPlan container : plan.containers()) {
                if (!present.contains(container.name())) {
                  chain = chain.compose(v -> api.create(plan, container));
                }
              }
              return chain.recover(
                  cause ->
                      api.containersOf(plan.name())
                          .compose(made -> remove(plan.name(), made, Duration.ZERO))
                          .transform(removed -> Future.failedFuture(cause)));
            });
  }

  private Future<Void> requireImages(PodPlan plan) {
    return WorkOutcome.requireImages(plan, "the Docker API", api::imageExists);
  }

  private void adoptRunning() {
    api.managedContainers()
        .onSuccess(
            list -> {
              List<Watched> running = new ArrayList<>();
              for (Object item : list) {
                JsonObject container = (JsonObject) item;
                if (!"running".equals(container.getString("State"))) {
                  continue;
                }
                Watched w =
                    Watched.fromLabels(
                        container.getString("Id"), name(container), labels(container));
                if (w != null) {
                  running.add(w);
                }
              }
              supervisor.adopt(running);
            });
  }

  /** Whether the Model's containers (none counts as the same) came from the plan's document. */
  private static boolean sameDocument(JsonArray existing, PodPlan plan) {
    for (Object item : existing) {
      if (!plan.digest().equals(labels((JsonObject) item).get(PiccoloLabels.MODEL_DIGEST))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allRunning(JsonArray existing, PodPlan plan) {
    Map<String, String> states = states(existing);
    return plan.containers().stream().allMatch(c -> "running".equals(states.get(c.name())));
  }

  /** Container name → state. */
  private static Map<String, String> states(JsonArray containers) {
    Map<String, String> states = new HashMap<>();
    for (Object item : containers) {
      JsonObject container = (JsonObject) item;
      states.put(name(container), container.getString("State"));
    }
    return states;
  }

  /** The container's name without the slash Docker puts before it. */
  private static String name(JsonObject container) {
    JsonArray names = container.getJsonArray("Names", new JsonArray());
    String name = names.isEmpty() ? container.getString("Id") : names.getString(0);
    return name.startsWith("/") ? name.substring(1) : name;
  }

  private static Map<String, String> labels(JsonObject container) {
    Map<String, String> texts = new HashMap<>();
    JsonObject labels = container.getJsonObject("Labels");
    if (labels != null) {
      labels.forEach(e -> texts.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return texts;
  }
}
