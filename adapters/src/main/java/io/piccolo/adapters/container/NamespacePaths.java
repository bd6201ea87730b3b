package io.piccolo.adapters.container;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a container's network namespace is, from its inspection: the runtime's {@code
 * NetworkSettings.SandboxKey} when it names one (a network the runtime set up), else the namespace
 * of its first process ({@code /proc/State.Pid/ns/net}: a container started with network none has
 * no sandbox key); empty when it does not run.
 */
public final class NamespacePaths {
  private NamespacePaths() {}

  public static Optional<Path> of(JsonObject inspection) {
    if (inspection == null) {
      return Optional.empty();
    }
    JsonObject settings = inspection.getJsonObject("NetworkSettings", new JsonObject());
    String sandbox = settings.getString("SandboxKey", "");
    if (!sandbox.isEmpty()) {
      return Optional.of(Path.of(sandbox));
    }
    JsonObject state = inspection.getJsonObject("State", new JsonObject());
    long pid = state.getLong("Pid", 0L);
    return pid > 0
        ? Optional.of(Path.of("/proc", Long.toString(pid), "ns", "net"))
        : Optional.empty();
  }
}
