package io.piccolo.simulator.report;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.index.FiringListener.Firing;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision lane of the timeline, downsampled as decisions arrive: per time bucket and outcome
 * (allowed, denied, and firings the cooldown suppressed), the exact count, the first and last time,
 * and the first few decisions for the marker's tooltip. Buckets merge pairwise when the run
 * outgrows them, as {@link SignalBuckets} do.
 */
final class DecisionBuckets {
  static final int BUCKETS = 1024;

  /** Decisions a marker's tooltip lists; the count covers the rest. */
  static final int LISTED = 10;

  private final Lane<DecidedAction> allowed = new Lane<>();
  private final Lane<DecidedAction> denied = new Lane<>();
  private final Lane<Firing> suppressed = new Lane<>();
  private long origin = -1;
  private long width = 1;

  void add(DecidedAction d) {
    (d.allowed() ? allowed : denied).add(bucket(d.timeMillis()), d.timeMillis(), d);
  }

  /** A firing the cooldown suppressed: its own row, as it made no request. */
  void addSuppressed(Firing f) {
    suppressed.add(bucket(f.timeMillis()), f.timeMillis(), f);
  }

  private int bucket(long time) {
    if (origin < 0) {
      origin = time;
    }
    while (time - origin >= width * BUCKETS) {
      allowed.mergePairs();
      denied.mergePairs();
      suppressed.mergePairs();
      width *= 2;
    }
    return (int) ((time - origin) / width);
  }

  /** Every non-empty bucket of both outcomes, in time order within each outcome. */
  List<ReportData.DecisionGroup> groups() {
    List<ReportData.DecisionGroup> out = new ArrayList<>();
    allowed.groups(
        (from, to, n, first) -> out.add(new ReportData.DecisionGroup(true, from, to, n, first)));
    denied.groups(
        (from, to, n, first) -> out.add(new ReportData.DecisionGroup(false, from, to, n, first)));
    return out;
  }

  List<ReportData.SuppressedGroup> suppressedGroups() {
    List<ReportData.SuppressedGroup> out = new ArrayList<>();
    suppressed.groups(
        (from, to, n, first) -> out.add(new ReportData.SuppressedGroup(from, to, n, first)));
    return out;
  }

  private interface Group<T> {
    void add(long from, long to, long count, List<T> first);
  }

  private static final class Lane<T> {
    private final long[] counts = new long[BUCKETS];
    private final long[] first = new long[BUCKETS];
    private final long[] last = new long[BUCKETS];

    @SuppressWarnings("unchecked")
    private final List<T>[] listed = new List[BUCKETS];

    void add(int b, long time, T item) {
      if (counts[b]++ == 0) {
        first[b] = time;
        listed[b] = new ArrayList<>(2);
      }
      last[b] = time;
      if (listed[b].size() < LISTED) {
        listed[b].add(item);
      }
    }

    void mergePairs() {
      for (int k = 0; k < BUCKETS / 2; k++) {
        int a = 2 * k;
        int b = a + 1;
        long count = counts[a] + counts[b];
        long from = counts[a] > 0 ? first[a] : first[b];
        long to = counts[b] > 0 ? last[b] : last[a];
        List<T> kept = new ArrayList<>(LISTED);
        for (int source : new int[] {a, b}) {
          if (counts[source] > 0) {
            for (T d : listed[source]) {
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

    void groups(Group<T> out) {
      for (int b = 0; b < BUCKETS; b++) {
        if (counts[b] > 0) {
          out.add(first[b], last[b], counts[b], List.copyOf(listed[b]));
        }
      }
    }
  }
}
