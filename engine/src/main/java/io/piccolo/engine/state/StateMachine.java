package io.piccolo.engine.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The states of scenarios, packages and models, and the transitions between them, as Pullpiri's
 * state manager defines them. A scenario's cycle runs idle → waiting → satisfied → allowed | denied
 * → completed (or failed when its action fails), and back to satisfied when it fires again.
 */
public final class StateMachine {
  private static final Map<ResourceKind, Map<String, Set<String>>> TRANSITIONS =
      Map.of(
          ResourceKind.SCENARIO,
          Map.of(
              "idle", Set.of("waiting"),
              "waiting", Set.of("satisfied", "idle"),
              "satisfied", Set.of("allowed", "denied", "idle"),
              "allowed", Set.of("completed", "failed", "idle"),
              "denied", Set.of("waiting", "satisfied", "idle"),
              "completed", Set.of("waiting", "satisfied", "idle"),
              "failed", Set.of("waiting", "satisfied", "idle")),
          ResourceKind.PACKAGE,
          Map.of(
              "idle", Set.of("running", "degraded", "paused", "exited", "error"),
              "running", Set.of("degraded", "paused", "exited", "error", "idle"),
              "degraded", Set.of("running", "paused", "exited", "error", "idle"),
              "paused", Set.of("running", "degraded", "exited", "error", "idle"),
              "exited", Set.of("running", "degraded", "paused", "error", "idle"),
              "error", Set.of("running", "degraded", "paused", "exited", "idle")),
          ResourceKind.MODEL,
          Map.of(
              "created", Set.of("running", "paused", "exited", "dead"),
              "running", Set.of("paused", "exited", "dead"),
              "paused", Set.of("running", "exited", "dead"),
              "exited", Set.of("running", "dead", "created"),
              "dead", Set.of("created", "running")));

  /** Where each kind starts before anything is recorded. */
  public static String initial(ResourceKind kind) {
    return kind == ResourceKind.MODEL ? "created" : "idle";
  }

  public static Set<String> states(ResourceKind kind) {
    return TRANSITIONS.get(kind).keySet();
  }

  /**
   * Why {@code from → to} is not allowed, or empty when it is.
   *
   * @param from the current state; null before any state was recorded (the initial state)
   */
  public static Optional<String> reject(ResourceKind kind, String from, String to) {
    Map<String, Set<String>> table = TRANSITIONS.get(kind);
    if (from == null && to.equals(initial(kind))) {
      return Optional.empty(); // recording the state a resource starts in (a Model prepared ahead)
    }
    String current = from == null ? initial(kind) : from;
    if (!table.containsKey(to)) {
      return Optional.of(
          "'"
              + to
              + "' is not a "
              + kind.name().toLowerCase()
              + " state (one of "
              + String.join(", ", table.keySet().stream().sorted().toList())
              + ")");
    }
    if (!table.containsKey(current)) {
      return Optional.of(
          "the recorded state '" + current + "' is not a " + kind.name().toLowerCase() + " state");
    }
    if (!table.get(current).contains(to)) {
      return Optional.of(
          "no transition from "
              + current
              + " to "
              + to
              + " (from "
              + current
              + ": "
              + String.join(", ", table.get(current).stream().sorted().toList())
              + ")");
    }
    return Optional.empty();
  }

  /**
   * A package's state from its models' states, as Pullpiri derives it: all dead is error, some dead
   * is degraded, all paused is paused, all exited is exited, otherwise running; no models is idle.
   * A model with no recorded state counts as created, and models that are all created (prepared
   * ahead, a warm start) or created and exited have not started: the package is idle.
   */
  public static String packageState(List<String> modelStates) {
    if (modelStates.isEmpty()) {
      return "idle";
    }
    long dead = modelStates.stream().filter("dead"::equals).count();
    if (dead == modelStates.size()) {
      return "error";
    }
    if (dead > 0) {
      return "degraded";
    }
    if (modelStates.stream().allMatch("paused"::equals)) {
      return "paused";
    }
    if (modelStates.stream().allMatch("exited"::equals)) {
      return "exited";
    }
    if (modelStates.stream().allMatch(s -> s.equals("created") || s.equals("exited"))) {
      return "idle";
    }
    return "running";
  }

  private StateMachine() {}
}
