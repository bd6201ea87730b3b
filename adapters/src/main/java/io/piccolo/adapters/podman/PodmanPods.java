package io.piccolo.adapters.podman;

import io.piccolo.adapters.container.ContainerPlan;
import io.piccolo.adapters.container.ContainerRuntime;
import io.piccolo.adapters.container.ContainerSupervisor;
import io.piccolo.adapters.container.PiccoloLabels;
import io.piccolo.adapters.container.PodPlan;
import io.piccolo.adapters.container.RuntimeRefusal;
import io.piccolo.adapters.container.Watched;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Podman's part of the container executor: a Model is one pod holding its containers. */
final class PodmanPods implements ContainerRuntime<Pod> {
  private final LibpodApi api;

  PodmanPods(LibpodApi api) {
    this.api = api;
  }

  @Override
  public String describe() {
    return "Podman";
  }

  @Override
  public Future<Pod> find(String model) {
    return api.pod(model).map(Pod::new);
  }

  @Override
  public Pod absent() {
    return Pod.NONE;
  }

  @Override
  public String replacedWhat() {
    return "a pod";
  }

  @Override
  public Future<Boolean> imageExists(String image) {
    return api.imageExists(image);
  }

  /** Creates the pod and whichever of its containers are missing; on a refusal removes it again. */
  @Override
  public Future<Void> create(PodPlan plan, Pod existing, ContainerSupervisor supervisor) {
    List<String> present = existing.containerNames();
    Future<Void> chain = existing.present() ? Future.succeededFuture() : api.createPod(plan);
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

  @Override
  public Future<Void> start(PodPlan plan, ContainerSupervisor supervisor) {
    return find(plan.name())
        .compose(
            pod -> {
              List<Watched> containers = new ArrayList<>();
              for (JsonObject container : pod.appContainers()) {
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
            });
  }

  /** Starts the pod's infra container, so its network and namespaces exist ahead of time. */
  @Override
  public Future<Void> readyAhead(PodPlan plan) {
    return find(plan.name())
        .compose(
            pod ->
                pod.infraContainer() == null
                    ? Future.succeededFuture()
                    : api.startContainer(pod.infraContainer()));
  }

  /** Stop with the grace period (Podman kills after it), kill if that fails, then remove. */
  @Override
  public Future<Void> remove(String model, Pod existing, Duration grace) {
    return api.stopPod(model, grace)
        .recover(stopFailed -> api.killPod(model))
        .compose(v -> api.removePod(model));
  }

  @Override
  public Future<Void> startContainer(String id) {
    return api.startContainer(id);
  }

  @Override
  public Future<List<Watched>> runningContainers() {
    return api.managedContainers()
        .map(
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
                        PiccoloLabels.of(container.getJsonObject("Labels")));
                if (w != null) {
                  running.add(w);
                }
              }
              return running;
            });
  }

  @Override
  public String eventsUri(String since) {
    return LibpodApi.eventsUri(since);
  }

  /** The pod's infra container's, which holds the namespace for the pod's containers. */
  @Override
  public Future<java.nio.file.Path> networkNamespace(String model) {
    return find(model)
        .compose(
            pod ->
                pod.infraContainer() == null
                    ? Future.succeededFuture(null)
                    : api.container(pod.infraContainer()))
        .map(
            inspection -> io.piccolo.adapters.container.NamespacePaths.of(inspection).orElse(null));
  }
}
