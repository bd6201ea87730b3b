package io.piccolo.simulator.bench;

import java.util.Arrays;

/** Every sample's latency, kept exactly, for percentiles without binning error. */
public final class LatencyRecorder {
  private final long[] nanos;
  private int count;

  public LatencyRecorder(int capacity) {
    this.nanos = new long[capacity];
  }

  public void record(long latencyNanos) {
    nanos[count++] = latencyNanos;
  }

  public double percentileMicros(double p) {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1000.0;
  }
}
