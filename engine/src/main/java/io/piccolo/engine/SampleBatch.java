package io.piccolo.engine;

import java.util.Arrays;

/**
 * The samples of one instant, in arrival order, handed to {@link Evaluator#step}. Reused from
 * instant to instant, so a long replay allocates nothing per batch.
 */
public final class SampleBatch {
  /** A sample without a timestamp of its own: it is stamped with the session clock. */
  public static final long NOW = Long.MIN_VALUE;

  private String[] paths = new String[16];
  private Object[] values = new Object[16];
  private long[] times = new long[16];
  private int size;

  public SampleBatch add(String path, Object value) {
    return add(path, value, NOW);
  }

  /** A sample with its own timestamp, epoch ms, kept on its facts. */
  public SampleBatch add(String path, Object value, long time) {
    if (size == paths.length) {
      paths = Arrays.copyOf(paths, size * 2);
      values = Arrays.copyOf(values, size * 2);
      times = Arrays.copyOf(times, size * 2);
    }
    paths[size] = path;
    values[size] = value;
    times[size] = time;
    size++;
    return this;
  }

  /** The sample's own timestamp, or {@link #NOW}. */
  public long time(int i) {
    return times[i];
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public String path(int i) {
    return paths[i];
  }

  public Object value(int i) {
    return values[i];
  }

  /** Empties the batch, letting go of its samples. */
  public void clear() {
    Arrays.fill(paths, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }
}
