package io.piccolo.adapters.podman;

import io.piccolo.adapters.Work;
import io.piccolo.adapters.container.ContainerExecutor;
import io.piccolo.adapters.container.ModelMapping;
import io.piccolo.adapters.container.PiccoloLabels;
import io.piccolo.adapters.container.RuntimeOptions;
import io.vertx.core.Vertx;

/**
 * Runs Models on Podman through its libpod REST API (v4) on a unix socket ({@code podman system
 * service --time=0 unix:///PATH}); it never runs the {@code podman} command. A Model is one pod
 * named after it, holding containers {@code {model}_{container}} (see {@link ModelMapping}),
 * labelled with scenario, package, model and node ({@link PiccoloLabels}). The actions, the event
 * stream ({@code GET /libpod/events?stream=true}) and the restart policy (Podman's own stays "no")
 * are those of every {@link ContainerExecutor}; Podman's part is {@link PodmanPods}.
 *
 * <p>{@link #prepare(Work)}, the warm start, also starts the pod's infra container, so network and
 * namespaces exist ahead of time and a later {@code launch} only starts the Model's containers.
 */
public final class PodmanExecutor extends ContainerExecutor<Pod> {
  public static final String NAME = "podman";

  public PodmanExecutor(Vertx vertx, RuntimeOptions options) {
    super(
        vertx,
        options,
        NAME,
        socket -> new PodmanPods(new LibpodApi(socket, options.callTimeout())));
  }

  /** Whether Podman's event stream is open now. */
  boolean followingEvents() {
    return followsEvents();
  }

  /** Time spent waiting on Podman's answers so far, for benchmarks. */
  long nanosWaitingOnPodman() {
    return nanosWaiting();
  }
}
