package io.piccolo.adapters.docker;

import io.piccolo.adapters.Work;
import io.piccolo.adapters.container.ContainerExecutor;
import io.piccolo.adapters.container.ModelMapping;
import io.piccolo.adapters.container.RuntimeOptions;
import io.vertx.core.Vertx;

/**
 * Runs Models through the Docker Engine API (v1.41) on a unix socket: Docker's own daemon, or
 * Podman's Docker-compatible API on the socket of {@code podman system service}. Docker has no
 * pods, so a Model is its containers, {@code {model}_{container}}, told apart by their {@code
 * io.piccolo.model} label; each keeps its own network namespace (or the host's, with {@code
 * hostNetwork}) and publishes its own {@code ports}. Otherwise the mapping ({@link ModelMapping}),
 * the actions, the event stream, the restart policy and the failures are those of every {@link
 * ContainerExecutor}; Docker's part is {@link DockerContainers}. {@link #prepare(Work)} creates the
 * containers without starting them.
 */
public final class DockerExecutor extends ContainerExecutor<ModelContainers> {
  public static final String NAME = "docker";

  public DockerExecutor(Vertx vertx, RuntimeOptions options) {
    super(
        vertx,
        options,
        NAME,
        socket -> new DockerContainers(new DockerApi(socket, options.callTimeout())));
  }

  /** Whether the runtime's event stream is open now. */
  boolean followingEvents() {
    return followsEvents();
  }
}
