package io.piccolo.gateway.settings;

import io.piccolo.connectors.yaml.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container runtime one node's Models run on, and where its API listens.
 *
 * @param runtime one of {@link #NAMES}
 * @param socket the runtime's unix socket, or null for the runtime's own default
 */
public record NodeRuntime(String runtime, Path socket) {
  /** The runtimes a setting may name; whether this build carries each out is checked at start. */
  public static final List<String> NAMES = List.of("dry-run", "podman", "docker", "bluechi");

  static final String FORM =
      "a mapping of node name to {runtime: "
          + String.join("|", NAMES)
          + ", socket: PATH}, e.g. {HPC: {runtime: podman, socket: /run/podman/podman.sock}}";

  static Map<String, NodeRuntime> read(Node node) throws Setting.BadValue {
    if (node instanceof Node.Scalar s && s.isNull()) {
      return Map.of();
    }
    if (!(node instanceof Node.MapNode map)) {
      throw new Setting.BadValue("expected " + FORM);
    }
    Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : map.entries().entrySet()) {
      nodes.put(e.getKey(), entry(e.getKey(), e.getValue()));
    }
    return Map.copyOf(nodes);
  }

  private static NodeRuntime entry(String name, Node node) throws Setting.BadValue {
    if (!(node instanceof Node.MapNode map)) {
      throw new Setting.BadValue("expected {runtime: NAME, socket: PATH}", node, "." + name);
    }
    String runtime = null;
    Path socket = null;
    for (Map.Entry<String, Node> e : map.entries().entrySet()) {
      String field = "." + name + "." + e.getKey();
      switch (e.getKey()) {
        case "runtime" -> {
          String text = textOf(e.getValue(), field);
          if (!NAMES.contains(text)) {
            throw new Setting.BadValue(
                "'" + text + "' is not a runtime; use one of " + String.join(", ", NAMES),
                e.getValue(),
                field);
          }
          runtime = text;
        }
        case "socket" -> {
          String text = textOf(e.getValue(), field);
          if (text.indexOf('\0') >= 0) {
            throw new Setting.BadValue("'" + text + "' is not a file name", e.getValue(), field);
          }
          socket = Path.of(text);
        }
        default ->
            throw new Setting.BadValue(
                "unknown field '" + e.getKey() + "' (known: runtime, socket)", e.getValue(), field);
      }
    }
    if (runtime == null) {
      throw new Setting.BadValue(
          "runtime is required (one of " + String.join(", ", NAMES) + ")", node, "." + name);
    }
    return new NodeRuntime(runtime, socket);
  }

  private static String textOf(Node node, String field) throws Setting.BadValue {
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      throw new Setting.BadValue("expected a value", node, field);
    }
    return s.text().trim();
  }

  static String format(Map<String, NodeRuntime> nodes) {
    if (nodes.isEmpty()) {
      return "{}";
    }
    List<String> out = new ArrayList<>();
    new java.util.TreeMap<>(nodes)
        .forEach(
            (name, n) ->
                out.add(
                    name
                        + ": {runtime: "
                        + n.runtime()
                        + (n.socket() == null ? "" : ", socket: " + n.socket())
                        + "}"));
    return "{" + String.join(", ", out) + "}";
  }
}
