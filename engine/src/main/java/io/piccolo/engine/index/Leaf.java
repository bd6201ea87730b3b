package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Condition.Comparison;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.TestKind;

/** The live state of one leaf: its raw truth and, with {@code for}, whether it has held. */
final class Leaf implements TimerQueue.Timed {
  /** A {@link Comparison} or a {@link Condition.Test}. */
  final Condition definition;

  final LeafTest test;
  final CompiledScenario owner;
  private final String path;
  private final long forMillis;
  private final Origin origin;

  /** For {@code stale}: how long without a sample makes it true; 0 for every other leaf. */
  final long staleMillis;

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
    this.path = definition.path();
    this.forMillis = definition.forMillis();
    this.origin = definition.origin();
    this.staleMillis = 0;
  }

  Leaf(Condition.Test definition, CompiledScenario owner) {
    this.definition = definition;
    this.test = LeafTests.of(definition.kind());
    this.owner = owner;
    this.path = definition.path();
    this.forMillis = definition.forMillis();
    this.origin = definition.origin();
    this.staleMillis = definition.kind() instanceof TestKind.Stale stale ? stale.millis() : 0;
    if (definition.kind() instanceof TestKind.Known k && !k.known()) {
      // true from the start: nothing has been heard of the signal yet
      raw = true;
      holds = true;
    }
  }

  @Override
  public long timerGeneration() {
    return timerGeneration;
  }

  long forMillis() {
    return forMillis;
  }

  String path() {
    return path;
  }

  Origin origin() {
    return origin;
  }

  boolean stale() {
    return staleMillis > 0;
  }

  /** Known and stale leaves have a truth before the first sample that coverage counts. */
  boolean definedBeforeSample() {
    return definition instanceof Condition.Test t
        && (t.kind() instanceof TestKind.Known || t.kind() instanceof TestKind.Stale);
  }

  /** {@code Vehicle.Speed: number > 120, held for 10s}. */
  String summary() {
    String held = forMillis() > 0 ? ", held for " + Durations.format(forMillis()) : "";
    return path + ": " + test.describe() + held;
  }
}
