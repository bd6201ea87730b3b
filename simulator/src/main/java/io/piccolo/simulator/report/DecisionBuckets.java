package io.piccolo.simulator.report;

import io.piccolo.engine.DecidedAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision lane of the timeline, downsampled as decisions arrive: per time bucket and outcome,
 * the exact count, the first and last time, and the first few decisions for the marker's tooltip.
 * Buckets merge pairwise when the run outgrows them, as {@link SignalBuckets} do.
 */
final class DecisionBuckets {
  static final int BUCKETS = 1024;

  /** Decisions a marker's tooltip lists; the count covers the rest. */
  static final int LISTED = 10;

  private final Lane allowed = new Lane(true);
  private final Lane denied = new Lane(false);
  private long origin = -1;
  private long width = 1;

  void add(DecidedAction d) {
    if (origin < 0) {
      origin = d.timeMillis();
    }
    while (d.timeMillis() - origin >= width * BUCKETS) {
      allowed.mergePairs();
      denied.mergePairs();
      width *= 2;
    }
    int b = (int) ((d.timeMillis() - origin) / width);
    (d.allowed() ? allowed : denied).add(b, d);
  }

  /** Every non-empty bucket of both outcomes, in time order within each outcome. */
  List<ReportData.DecisionGroup> groups() {
    List<ReportData.DecisionGroup> out = new ArrayList<>();
    allowed.groups(out);
    denied.groups(out);
    return out;
  }

  private static final class Lane {
    private final boolean allowed;
    private final long[] counts = new long[BUCKETS];
    private final long[] first = new long[BUCKETS];
    private final long[] last = new long[BUCKETS];

    @SuppressWarnings("unchecked")
    private final List<DecidedAction>[] listed = new List[BUCKETS];

    Lane(boolean allowed) {
      this.allowed = allowed;
    }

    void add(int b, DecidedAction d) {
      if (counts[b]++ == 0) {
        first[b] = d.timeMillis();
        listed[b] = new ArrayList<>(2);
      }
      last[b] = d.timeMillis();
      if (listed[b].size() < LISTED) {
        listed[b].add(d);
      }
    }

    void mergePairs() {
      for (int k = 0; k < BUCKETS / 2; k++) {
        int a = 2 * k;
        int b = a + 1;
        long count = counts[a] + counts[b];
        long from = counts[a] > 0 ? first[a] : first[b];
        long to = counts[b] > 0 ? last[b] : last[a];
        List<DecidedAction> kept = new ArrayList<>(LISTED);
        for (int source : new int[] {a, b}) {
          if (counts[source] > 0) {
            for (DecidedAction d : listed[source]) {
              if (kept.size() < LISTED) {
                kept.add(d);
              }
            }
          }
        }
        counts[k] = count;
        first[k] = from;
        last[k] = to;
        listed[k] = count > 0 ? kept : null;
      }
      for (int k = BUCKETS / 2; k < BUCKETS; k++) {
        counts[k] = 0;
        listed[k] = null;
      }
    }

    void groups(List<ReportData.DecisionGroup> out) {
      for (int b = 0; b < BUCKETS; b++) {
        if (counts[b] > 0) {
          out.add(
              new ReportData.DecisionGroup(
                  allowed, first[b], last[b], counts[b], List.copyOf(listed[b])));
        }
      }
    }
  }
}
