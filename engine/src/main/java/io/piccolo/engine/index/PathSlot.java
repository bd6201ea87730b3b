package io.piccolo.engine.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

  /**
   * The leaves that compare the number with a constant order ({@code lt}, {@code le}, {@code gt},
   * {@code ge}), by their constant: from one number to the next only those whose constant lies
   * between the two can change, so a sample costs a search and one test per such leaf, however many
   * comparisons the path has.
   */
  final Leaf[] ordered;

  final double[] thresholds;

  /** The other leaves, tested on every sample. */
  final Leaf[] others;

  /** The number the leaves were last tested with; NaN before the first (then all are tested). */
  double tested = Double.NaN;

  PathSlot(Leaf[] leaves, CompiledScenario[] level) {
    this.leaves = leaves;
    this.level = level;
    List<Leaf> byThreshold = new ArrayList<>();
    List<Leaf> rest = new ArrayList<>();
    for (Leaf leaf : leaves) {
      if (leaf.test instanceof ComparisonTest c && !Double.isNaN(c.orderThreshold())) {
        byThreshold.add(leaf);
      } else {
        rest.add(leaf);
      }
    }
    byThreshold.sort(Comparator.comparingDouble(l -> ((ComparisonTest) l.test).orderThreshold()));
    this.ordered = byThreshold.toArray(Leaf[]::new);
    this.thresholds = new double[ordered.length];
    for (int i = 0; i < ordered.length; i++) {
      thresholds[i] = ((ComparisonTest) ordered[i].test).orderThreshold();
    }
    this.others = rest.toArray(Leaf[]::new);
  }

  /**
   * The first ordered leaf whose constant is at least {@code value}: from one number to the next,
   * the leaves from there whose constant is at most the larger number are those that can change.
   */
  int firstAtOrAbove(double value) {
    int from = 0;
    int to = thresholds.length;
    while (from < to) {
      int mid = (from + to) >>> 1;
      if (thresholds[mid] < value) {
        from = mid + 1;
      } else {
        to = mid;
      }
    }
    return from;
  }
}
