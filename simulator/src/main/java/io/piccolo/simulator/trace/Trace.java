package io.piccolo.simulator.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples in time order: parallel arrays, so a million-sample replay allocates nothing per step.
 */
public final class Trace {
  private final String name;
  private final long[] times;
  private final String[] paths;
  private final Object[] values;

  public Trace(String name, long[] times, String[] paths, Object[] values) {
    this.name = name;
    this.times = times;
    this.paths = paths;
    this.values = values;
  }

  /** A trace from samples already in time order. */
  public static Trace of(String name, List<Sample> samples) {
    int n = samples.size();
    long[] times = new long[n];
    String[] paths = new String[n];
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      times[i] = s.timeMillis();
      paths[i] = s.path();
      values[i] = s.value();
    }
    return new Trace(name, times, paths, values);
  }

  /** One sample: time in ms from the trace's start. */
  public record Sample(long timeMillis, String path, Object value) {}

  public String name() {
    return name;
  }

  public int size() {
    return times.length;
  }

  public long time(int i) {
    return times[i];
  }

  public String path(int i) {
    return paths[i];
  }

  public Object value(int i) {
    return values[i];
  }

  public long lastTime() {
    return times.length == 0 ? 0 : times[times.length - 1];
  }

  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>(times.length);
    for (int i = 0; i < times.length; i++) {
      out.add(new Sample(times[i], paths[i], values[i]));
    }
    return out;
  }
}
