package io.piccolo.adapters;

import java.util.Map;

/**
 * One unit of work for one executor.
 *
 * @param requestId the dispatcher's own id for the decision this unit comes from; never shown in a
 *     decision's output
 * @param action the decided action, e.g. {@code launch}
 * @param scenario the scenario (or rule) whose decision this work carries out, or null for work no
 *     decision asked for (a warm start)
 * @param target the Model to act on, resolved at the version this action needs
 * @param params the action's parameters as the rule gave them
 */
public record Work(
    String requestId,
    String action,
    String scenario,
    ModelTarget target,
    Map<String, Object> params) {
  public Work {
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }
}
