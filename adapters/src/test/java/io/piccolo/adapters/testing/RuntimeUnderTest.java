package io.piccolo.adapters.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A real container runtime a test drives an executor against, and checks with its command line. */
public interface RuntimeUnderTest extends AutoCloseable {
  /** The API socket's path. */
  String socket();

  /** Runs the runtime's command ({@code podman}, {@code docker}) against it; fails on an error. */
  String cli(String... args);

  /** {@code inspect} of one container, as JSON. */
  JsonNode inspect(String container);

  /** Whether a container of that name exists. */
  boolean exists(String container);

  /** The names of the containers PICCOLO created (infra containers left out). */
  List<String> containers();

  /** A container's state: {@code running}, {@code exited}, {@code created}, … */
  default String state(String container) {
    return inspect(container).path("State").path("Status").asText();
  }

  @Override
  void close();
}
