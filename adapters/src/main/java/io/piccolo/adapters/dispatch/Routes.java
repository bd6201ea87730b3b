package io.piccolo.adapters.dispatch;

import io.piccolo.adapters.Executor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which executors carry out work on which node: each node named in the settings has its own, and
 * every other node (or work that names none) goes to the default ones. Among a node's executors,
 * the first that declares the action takes it.
 */
public final class Routes {
  private final List<Executor> defaults;
  private final Map<String, List<Executor>> byNode;

  private Routes(List<Executor> defaults, Map<String, List<Executor>> byNode) {
    this.defaults = List.copyOf(defaults);
    this.byNode = byNode;
  }

  /** Every node on the same executors. */
  public static Routes of(Executor... executors) {
    return new Routes(List.of(executors), Map.of());
  }

  /**
   * @param defaults for nodes {@code byNode} does not name
   * @param byNode a node's own executors
   */
  public static Routes of(List<Executor> defaults, Map<String, List<Executor>> byNode) {
    Map<String, List<Executor>> copy = new LinkedHashMap<>();
    byNode.forEach((node, list) -> copy.put(node, List.copyOf(list)));
    return new Routes(defaults, copy);
  }

  /** The executor carrying out {@code action} on {@code node} (null: no node), or null. */
  Executor find(String node, String action) {
    List<Executor> candidates = node != null ? byNode.getOrDefault(node, defaults) : defaults;
    for (Executor e : candidates) {
      if (e.actions().contains(action)) {
        return e;
      }
    }
    return null;
  }

  /** Some executor, on any node, that declares the action, or null when none does. */
  Executor anyFor(String action) {
    for (Executor e : all()) {
      if (e.actions().contains(action)) {
        return e;
      }
    }
    return null;
  }

  /** Every executor once, defaults first. */
  List<Executor> all() {
    Set<Executor> all = new LinkedHashSet<>(defaults);
    byNode.values().forEach(all::addAll);
    return new ArrayList<>(all);
  }

  /** The nodes with executors of their own. */
  Set<String> nodes() {
    return byNode.keySet();
  }

  /** "dry-run: launch, rollback, …", for a message about an action no executor takes. */
  String describe() {
    List<String> out = new ArrayList<>();
    for (Executor e : all()) {
      out.add(e.name() + ": " + String.join(", ", new TreeSet<>(e.actions())));
    }
    return out.isEmpty() ? "none" : String.join("; ", out);
  }
}
