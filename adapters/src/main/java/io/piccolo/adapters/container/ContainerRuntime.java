package io.piccolo.adapters.container;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * What differs between container runtimes under {@link ContainerExecutor}: how a Model's containers
 * are found, created, started and removed in the runtime's own API. Every call fails with {@link
 * io.piccolo.adapters.TransientFailure} when the runtime is away and with {@link RuntimeRefusal}
 * when it refuses.
 *
 * @param <D> what the runtime has of one Model
 */
public interface ContainerRuntime<D extends Deployment> {
  /** The runtime as messages name it, e.g. "Podman". */
  String describe();

  /** What the runtime has of the Model now. */
  Future<D> find(String model);

  /** Nothing of the Model: what {@link #create} starts from after a removal. */
  D absent();

  /** What "replaced ... of another document" calls the Model's containers, e.g. "a pod". */
  String replacedWhat();

  Future<Boolean> imageExists(String image);

  /**
   * Creates what of the plan is missing from {@code existing}, without starting it; on a refusal
   * removes what it made.
   */
  Future<Void> create(PodPlan plan, D existing, ContainerSupervisor supervisor);

  /** Starts the Model's created containers, each watched by {@code supervisor} before it starts. */
  Future<Void> start(PodPlan plan, ContainerSupervisor supervisor);

  /** What a warm start does after {@link #create}, e.g. start a pod's infra container. */
  Future<Void> readyAhead(PodPlan plan);

  /** Stops the Model's containers with the grace period (killed after it), then removes them. */
  Future<Void> remove(String model, D existing, Duration grace);

  Future<Void> startContainer(String id);

  /** The running containers PICCOLO created, as picked up from their labels. */
  Future<List<Watched>> runningContainers();

  /** The event stream's URI from {@code since} on (null: from now). */
  String eventsUri(String since);

  /**
   * The network namespace of the Model's running containers (see {@link
   * io.piccolo.adapters.NetworkNamespaces}); null when none runs.
   */
  Future<java.nio.file.Path> networkNamespace(String model);
}
