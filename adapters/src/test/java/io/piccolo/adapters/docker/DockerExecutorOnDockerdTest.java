package io.piccolo.adapters.docker;

import io.piccolo.adapters.testing.DockerDaemon;
import io.piccolo.adapters.testing.RuntimeUnderTest;

/** The Docker executor on a real Docker daemon (Debian's docker.io, started by hand). */
class DockerExecutorOnDockerdTest extends DockerExecutorContract {
  @Override
  RuntimeUnderTest startRuntime() {
    return DockerDaemon.start();
  }
}
