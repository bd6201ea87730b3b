package io.piccolo.engine;

import java.util.Arrays;

/**
 * The samples of one instant, in arrival order, handed to {@link Evaluator#step}. Reused from
 * instant to instant, so a long replay allocates nothing per batch.
 */
public final class SampleBatch {
  private String[] paths = new String[16];
  private Object[] values = new Object[16];
  private int size;

  public SampleBatch add(String path, Object value) {
    if (size == paths.length) {
      paths = Arrays.copyOf(paths, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    paths[size] = path;
    values[size] = value;
    size++;
    return this;
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
