package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;

/** One scenario in the index: its condition tree and firing state. */
final class CompiledScenario {
  final Scenario definition;

  /** Null for a scenario without condition: it fires once, at the first evaluation. */
  Node root;

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

  boolean inCooldown(long now) {
    return hasFired && now - lastFiredAt < definition.cooldownMillis();
  }
}
