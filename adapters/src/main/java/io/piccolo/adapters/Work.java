package io.piccolo.adapters;

import java.util.Map;

/**
 * One unit of work for one executor.
 *
 * @param requestId the dispatcher's own id for the decision this unit comes from; never shown in a
 *     decision's output
 * @param action the decided action, e.g. {@code launch}
 * @param target the Model to act on, resolved at the version this action needs
 * @param params the action's parameters as the rule gave them
 */
public record Work(
    String requestId, String action, ModelTarget target, Map<String, Object> params) {
  public Work {
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }
}
