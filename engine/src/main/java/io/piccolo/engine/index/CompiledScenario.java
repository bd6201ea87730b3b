package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.List;

/** One scenario in the index: its condition tree and firing state. */
final class CompiledScenario {
  final Scenario definition;

  /** Null for a scenario without condition: it fires once, at the first evaluation. */
  Node root;

  /** Its comparisons, in the order the condition lists them. */
  final List<Leaf> leaves = new ArrayList<>();

  boolean truth;
  boolean dirty;

  /** A level scenario's signal got a sample this instant. */
  boolean sampled;

  boolean neverEvaluated = true;
  long lastFiredAt;
  boolean hasFired;
  long fired;
  long suppressed;
  long transitions;

  CompiledScenario(Scenario definition) {
    this.definition = definition;
  }

  boolean level() {
    return definition.trigger() == Trigger.LEVEL;
  }

  /** Takes over the firing state of the same scenario in an index being replaced. */
  void continueFrom(CompiledScenario before) {
    truth = before.truth;
    neverEvaluated = before.neverEvaluated;
    lastFiredAt = before.lastFiredAt;
    hasFired = before.hasFired;
    fired = before.fired;
    suppressed = before.suppressed;
    transitions = before.transitions;
  }

  boolean inCooldown(long now) {
    return hasFired && now - lastFiredAt < definition.cooldownMillis();
  }
}
