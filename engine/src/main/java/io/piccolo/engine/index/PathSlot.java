package io.piccolo.engine.index;

/**
 * One signal path's comparisons and the latest sample of the current instant. Samples only
 * overwrite the slot; comparisons run once per instant on the last one, since all samples of an
 * instant apply before it is evaluated.
 */
final class PathSlot {
  final Leaf[] leaves;

  /** Level-triggered scenarios reading this path: a sample alone makes them fire if true. */
  final CompiledScenario[] level;

  double number;
  Object value;

  /** The last sample's own time, epoch ms. */
  long time;

  boolean pending;

  /** {@code stale} leaves of this path: a sample restarts their timers rather than testing them. */
  Leaf[] stale = NO_STALE;

  private static final Leaf[] NO_STALE = new Leaf[0];

  /** The path got a sample at some point; number and value hold the last one. */
  boolean sampled;

  PathSlot(Leaf[] leaves, CompiledScenario[] level) {
    this.leaves = leaves;
    this.level = level;
  }
}
