package io.piccolo.simulator.report;

import io.piccolo.engine.fact.SignalValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One signal's samples, downsampled as they arrive into a fixed number of time buckets: each keeps
 * its first, lowest, highest and last sample (and, for text, the first that differs from its
 * first), which is all a plot at pixel resolution draws. When the run outgrows the buckets,
 * neighbours merge pairwise and each covers twice the time, so memory stays the same however long
 * the run is.
 */
final class SignalBuckets {
  /**
   * About the plot's pixel columns: a bucket's kept samples keep their own times, so each still
   * lands in its own column. About 60 KB per signal.
   */
  static final int BUCKETS = 1024;

  private static final int FIRST = 0;
  private static final int LOW = 1;
  private static final int HIGH = 2;
  private static final int LAST = 3;
  private static final int OTHER = 4; // the first text that differs from the first's
  private static final int ROLES = 5;

  private final String path;
  private final long[][] times = new long[ROLES][BUCKETS];
  private final Object[][] values = new Object[ROLES][BUCKETS]; // null: no such sample
  private long origin = -1;
  private long width = 1;
  private long samples;

  SignalBuckets(String path) {
    this.path = path;
  }

  void add(long time, Object value) {
    if (origin < 0) {
      origin = time;
    }
    while (time - origin >= width * BUCKETS) {
      mergePairs();
    }
    int b = (int) ((time - origin) / width);
    double number = SignalValues.number(value);
    samples++;
    if (!has(FIRST, b)) {
      put(FIRST, b, time, value);
    } else if (!has(OTHER, b) && Double.isNaN(number) && !Objects.equals(value, values[FIRST][b])) {
      put(OTHER, b, time, value);
    }
    if (!Double.isNaN(number)) {
      if (!has(LOW, b) || number < number(LOW, b)) {
        put(LOW, b, time, value);
      }
      if (!has(HIGH, b) || number > number(HIGH, b)) {
        put(HIGH, b, time, value);
      }
    }
    put(LAST, b, time, value);
  }

  private void put(int role, int b, long time, Object value) {
    times[role][b] = time;
    values[role][b] = value;
  }

  private boolean has(int role, int b) {
    return values[role][b] != null;
  }

  private double number(int role, int b) {
    return SignalValues.number(values[role][b]);
  }

  private void mergePairs() {
    for (int k = 0; k < BUCKETS / 2; k++) {
      int a = 2 * k;
      int b = a + 1;
      mergeInto(k, a, b);
    }
    for (int role = 0; role < ROLES; role++) {
      java.util.Arrays.fill(values[role], BUCKETS / 2, BUCKETS, null);
    }
    width *= 2;
  }

  /** Bucket {@code k} becomes the union of {@code a} and {@code b} (a before b, k ≤ a). */
  private void mergeInto(int k, int a, int b) {
    boolean hasA = has(FIRST, a);
    boolean hasB = has(FIRST, b);
    int first = hasA ? a : b;
    int last = hasB ? b : a;
    int other = NONE;
    if (hasA && has(OTHER, a)) {
      other = a;
    }
    int low = better(a, b, LOW, true);
    int high = better(a, b, HIGH, false);
    // read every source before writing: k may be a itself
    Slot firstSlot = slot(FIRST, first);
    Slot lastSlot = slot(LAST, last);
    Slot lowSlot = low == NONE ? null : slot(LOW, low);
    Slot highSlot = high == NONE ? null : slot(HIGH, high);
    Slot otherSlot = other == NONE ? null : slot(OTHER, other);
    if (otherSlot == null && hasA && hasB) {
      Slot bFirst = slot(FIRST, b);
      if (Double.isNaN(bFirst.number()) && !Objects.equals(bFirst.value, firstSlot.value)) {
        otherSlot = bFirst;
      } else if (has(OTHER, b)) {
        otherSlot = slot(OTHER, b); // differs from b's first, which equals a's
      }
    } else if (otherSlot == null && !hasA && hasB && has(OTHER, b)) {
      otherSlot = slot(OTHER, b);
    }
    clear(k);
    if (!hasA && !hasB) {
      return;
    }
    write(FIRST, k, firstSlot);
    write(LAST, k, lastSlot);
    write(LOW, k, lowSlot);
    write(HIGH, k, highSlot);
    write(OTHER, k, otherSlot);
  }

  private static final int NONE = -1;

  private record Slot(long time, Object value) {
    double number() {
      return SignalValues.number(value);
    }
  }

  private Slot slot(int role, int b) {
    return new Slot(times[role][b], values[role][b]);
  }

  private void write(int role, int k, Slot s) {
    if (s != null) {
      put(role, k, s.time(), s.value());
    }
  }

  private void clear(int k) {
    for (int role = 0; role < ROLES; role++) {
      values[role][k] = null;
    }
  }

  /** Of two buckets' lowest (or highest) samples, the more extreme; the earlier one on a tie. */
  private int better(int a, int b, int role, boolean lowest) {
    if (!has(role, a)) {
      return has(role, b) ? b : NONE;
    }
    if (!has(role, b)) {
      return a;
    }
    double x = number(role, a);
    double y = number(role, b);
    return (lowest ? y < x : y > x) ? b : a;
  }

  String path() {
    return path;
  }

  long samples() {
    return samples;
  }

  /** The kept samples in time order, as the series the timeline draws. */
  ReportData.SignalSeries series() {
    record Point(long time, double number, Object value) {}
    List<Point> points = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      if (!has(FIRST, b)) {
        continue;
      }
      List<Point> kept = new ArrayList<>(ROLES);
      for (int role = 0; role < ROLES; role++) {
        if (has(role, b)) {
          Point p = new Point(times[role][b], number(role, b), values[role][b]);
          if (!kept.contains(p)) {
            kept.add(p);
          }
        }
      }
      kept.sort(Comparator.comparingLong(Point::time));
      points.addAll(kept);
    }
    int n = points.size();
    long[] t = new long[n];
    double[] v = new double[n];
    String[] text = new String[n];
    for (int i = 0; i < n; i++) {
      Point p = points.get(i);
      t[i] = p.time();
      v[i] = p.number();
      text[i] = SignalValues.text(p.value());
    }
    return new ReportData.SignalSeries(path, samples, t, v, text);
  }
}
