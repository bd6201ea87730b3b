package io.piccolo.adapters.docker;

import io.piccolo.adapters.container.ContainerPlan;
import io.piccolo.adapters.container.ContainerRuntime;
import io.piccolo.adapters.container.ContainerSupervisor;
import io.piccolo.adapters.container.PodPlan;
import io.piccolo.adapters.container.Watched;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Docker's part of the container executor: a Model is its containers, found by their label. */
final class DockerContainers implements ContainerRuntime<ModelContainers> {
  private final DockerApi api;

  DockerContainers(DockerApi api) {
    this.api = api;
  }

  @Override
  public String describe() {
    return "the Docker API";
  }

  @Override
  public Future<ModelContainers> find(String model) {
    return api.containersOf(model).map(ModelContainers::new);
  }

  @Override
  public ModelContainers absent() {
    return ModelContainers.NONE;
  }

  @Override
  public String replacedWhat() {
    return "containers";
  }

  @Override
  public Future<Boolean> imageExists(String image) {
    return api.imageExists(image);
  }

  /** Creates the missing containers (as listed now); on a failure removes all of the Model's. */
  @Override
  public Future<Void> create(
      PodPlan plan, ModelContainers existing, ContainerSupervisor supervisor) {
    return find(plan.name())
        .compose(
            now -> {
              Set<String> present = now.states().keySet();
              Future<Void> chain = Future.succeededFuture();
              for (ContainerPlan container : plan.containers()) {
                if (!present.contains(container.name())) {
                  chain = chain.compose(v -> api.create(plan, container));
                }
              }
              return chain.recover(
                  cause ->
                      find(plan.name())
                          .compose(
                              made ->
                                  made.present()
                                      ? supervisor.whileStopping(
                                          plan.name(),
                                          () -> remove(plan.name(), made, Duration.ZERO))
                                      : Future.<Void>succeededFuture())
                          .transform(removed -> Future.failedFuture(cause)));
            });
  }

  @Override
  public Future<Void> start(PodPlan plan, ContainerSupervisor supervisor) {
    return find(plan.name())
        .compose(
            containers -> {
              List<Watched> watched = new ArrayList<>();
              Future<Void> chain = Future.succeededFuture();
              for (JsonObject container : containers.containers()) {
                if ("running".equals(container.getString("State"))) {
                  continue;
                }
                Watched w =
                    new Watched(
                        container.getString("Id"),
                        ModelContainers.name(container),
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

  @Override
  public Future<Void> readyAhead(PodPlan plan) {
    return Future.succeededFuture();
  }

  /** Stop each container with the grace period (then killed), kill if that fails, remove. */
  @Override
  public Future<Void> remove(String model, ModelContainers existing, Duration grace) {
    List<Future<Void>> removals = new ArrayList<>();
    for (JsonObject container : existing.containers()) {
      String id = container.getString("Id");
      removals.add(
          api.stop(id, grace).recover(stopFailed -> api.kill(id)).compose(v -> api.remove(id)));
    }
    return Future.all(removals).mapEmpty();
  }

  @Override
  public Future<Void> startContainer(String id) {
    return api.start(id);
  }

  @Override
  public Future<List<Watched>> runningContainers() {
    return api.managedContainers()
        .map(
            list -> {
              List<Watched> running = new ArrayList<>();
              for (Object item : list) {
                JsonObject container = (JsonObject) item;
                if (!"running".equals(container.getString("State"))) {
                  continue;
                }
                Watched w =
                    Watched.fromLabels(
                        container.getString("Id"),
                        ModelContainers.name(container),
                        ModelContainers.labels(container));
                if (w != null) {
                  running.add(w);
                }
              }
              return running;
            });
  }

  @Override
  public String eventsUri(String since) {
    return DockerApi.eventsUri(since);
  }

  /**
   * The Model's one container's. Docker gives each container a namespace of its own, so a Model of
   * several containers has no one namespace to plumb: that is refused.
   */
  @Override
  public Future<java.nio.file.Path> networkNamespace(String model) {
    return api.containersOf(model)
        .compose(
            containers -> {
              if (containers.size() > 1) {
                return Future.failedFuture(
                    new io.piccolo.adapters.container.RuntimeRefusal(
                        "Model '"
                            + model
                            + "' runs "
                            + containers.size()
                            + " containers on Docker, each in a network namespace of its own:"
                            + " a network executor plumbs one per Model; run it on Podman (one"
                            + " pod per Model) or as one container"));
              }
              return containers.isEmpty()
                  ? Future.succeededFuture(null)
                  : api.inspect(containers.getJsonObject(0).getString("Id"));
            })
        .map(
            inspection -> io.piccolo.adapters.container.NamespacePaths.of(inspection).orElse(null));
  }
}
