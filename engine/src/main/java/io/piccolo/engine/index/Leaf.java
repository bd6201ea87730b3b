package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Condition.Comparison;
import io.piccolo.engine.scenario.Durations;

/** The live state of one comparison: its raw truth and, with {@code for}, whether it has held. */
final class Leaf {
  final Comparison definition;
  final ComparisonTest test;
  final CompiledScenario owner;

  /** The comparison on the signal's latest value; false before its first sample. */
  boolean raw;

  /** What the condition tree sees: raw, or raw held for the duration. */
  boolean holds;

  /** Bumped whenever a pending timer must be ignored. */
  long timerGeneration;

  /** When a pending {@code for} timer is due; meaningful while raw and not yet holding. */
  long dueAt;

  /**
   * What the condition tree saw after a sample or a timer; kept only when outcomes are recorded.
   */
  boolean seenTrue;

  boolean seenFalse;

  Leaf(Comparison definition, CompiledScenario owner) {
    this.definition = definition;
    this.test = new ComparisonTest(definition.op(), definition.value());
    this.owner = owner;
  }

  long forMillis() {
    return definition.forMillis();
  }

  /** {@code Vehicle.Speed: number > 120, held for 10s}. */
  String summary() {
    String held = forMillis() > 0 ? ", held for " + Durations.format(forMillis()) : "";
    return definition.path() + ": " + test.describe() + held;
  }
}
