package io.piccolo.simulator.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples in time order, held in memory (generated drives, traces written inline in specs):
 * parallel arrays, so a replay allocates nothing per step. Trace files stream instead.
 */
public final class Trace implements TraceSource {
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

  @Override
  public String name() {
    return name;
  }

  @Override
  public SampleStream open() {
    return new SampleStream() {
      private int at = -1;

      @Override
      public boolean next() {
        if (at + 1 >= times.length) {
          at = times.length;
          return false;
        }
        at++;
        return true;
      }

      @Override
      public long time() {
        return times[at];
      }

      @Override
      public String path() {
        return paths[at];
      }

      @Override
      public Object value() {
        return values[at];
      }

      @Override
      public double progress() {
        return times.length == 0 ? 1 : Math.min(1, (at + 1) / (double) times.length);
      }
    };
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
