package io.piccolo.adapters.container;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One container event from a runtime's event stream (Podman's libpod and Docker's share the shape).
 *
 * @param action {@code start}, {@code died} (Podman) or {@code die} (Docker), …
 * @param exitCode the container's exit code on a death, else 0
 * @param attributes the container's name and labels
 * @param timeNano when it happened, in nanoseconds since the epoch
 */
public record ContainerEvent(
    String id, String action, int exitCode, Map<String, String> attributes, long timeNano) {

  /** Whether the container ended: it exited, was killed or crashed. */
  public boolean died() {
    return "died".equals(action) || "die".equals(action);
  }

  /** The event a stream line holds, or null for a line that is not a container event. */
  public static ContainerEvent parse(JsonObject line) {
    if (!"container".equals(line.getString("Type"))) {
      return null;
    }
    JsonObject actor = line.getJsonObject("Actor", new JsonObject());
    JsonObject attributes = actor.getJsonObject("Attributes", new JsonObject());
    Map<String, String> texts = new java.util.HashMap<>();
    attributes.forEach(e -> texts.put(e.getKey(), String.valueOf(e.getValue())));
    int exitCode;
    try {
      exitCode =
          Integer.parseInt(
              texts.getOrDefault("containerExitCode", texts.getOrDefault("exitCode", "0")));
    } catch (NumberFormatException e) {
      exitCode = -1;
    }
    Long nanos = line.getLong("timeNano");
    long timeNano = nanos != null ? nanos : line.getLong("time", 0L) * 1_000_000_000L;
    String id = actor.getString("ID", line.getString("id"));
    String action = line.getString("Action", line.getString("status"));
    return new ContainerEvent(id, action, exitCode, Map.copyOf(texts), timeNano);
  }
}
