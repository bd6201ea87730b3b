package io.piccolo.engine.fact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Action params kept in the order they were written. {@code Map.copyOf} iterates in an order seeded
 * per JVM, so the same replay printed its params in a different order from run to run.
 */
public final class Params {
  private Params() {}

  /** An unmodifiable copy in {@code params}' own order; null names or values are refused. */
  public static <V> Map<String, V> inOrder(Map<String, ? extends V> params) {
    if (params.isEmpty()) {
      return Map.of();
    }
    Map<String, V> copy = new LinkedHashMap<>();
    params.forEach(
        (name, value) ->
            copy.put(
                Objects.requireNonNull(name, "a param name"), Objects.requireNonNull(value, name)));
    return Collections.unmodifiableMap(copy);
  }
}
