package io.piccolo.network;

import io.piccolo.connectors.artifact.Bandwidth;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a {@code qos} action: {@code class} moves the workload into a declared class;
 * {@code priority} (0–7, 0 first), {@code bandwidth} (its guaranteed rate, and its ceiling unless
 * {@code ceil} is given) and {@code ceil} give it a class of its own, starting from its class's
 * values. With only {@code class}, a class of its own is given up.
 */
record QosRequest(String className, Integer priority, Long bandwidth, Long ceil) {
  static final Set<String> PARAMS = Set.of("class", "priority", "bandwidth", "ceil");

  /**
   * @throws IllegalArgumentException naming the parameter and what it takes
   */
  static QosRequest parse(Map<String, Object> params) {
    for (String key : params.keySet()) {
      if (!PARAMS.contains(key)) {
        throw new IllegalArgumentException(
            "qos has no parameter '" + key + "' (it takes class, priority, bandwidth, ceil)");
      }
    }
    if (params.isEmpty()) {
      throw new IllegalArgumentException(
          "qos needs at least one of class, priority, bandwidth, ceil");
    }
    Object cls = params.get("class");
    if (cls != null && !(cls instanceof String)) {
      throw new IllegalArgumentException("qos: class must be a class name, not " + cls);
    }
    return new QosRequest(
        (String) cls,
        priority(params.get("priority")),
        rate(params, "bandwidth"),
        rate(params, "ceil"));
  }

  boolean wantsOwnClass() {
    return priority != null || bandwidth != null || ceil != null;
  }

  private static Integer priority(Object value) {
    if (value == null) {
      return null;
    }
    long p;
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      p = n.longValue();
    } else if (value instanceof String s && s.trim().matches("\\d+")) {
      p = Long.parseLong(s.trim());
    } else {
      throw new IllegalArgumentException(
          "qos: priority must be a whole number from 0 (first) to 7, not " + value);
    }
    if (p < 0 || p > 7) {
      throw new IllegalArgumentException("qos: priority " + p + " is outside 0 (first) to 7");
    }
    return (int) p;
  }

  private static Long rate(Map<String, Object> params, String key) {
    Object value = params.get(key);
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof Number n) {
        return Bandwidth.parse(Long.toString(Math.round(n.doubleValue())));
      }
      return Bandwidth.parse(value.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("qos: " + key + ": " + e.getMessage());
    }
  }
}
