package io.piccolo.adapters.docker;

import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.adapters.testing.RuntimeUnderTest;

/**
 * The Docker executor on Podman's Docker-compatible API, on the socket of a real Podman service.
 */
class DockerExecutorOnPodmanTest extends DockerExecutorContract {
  @Override
  RuntimeUnderTest startRuntime() {
    return PodmanService.start();
  }
}
