package io.piccolo.engine.scenario;

import io.piccolo.engine.fact.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One action a scenario requests when it fires. A text parameter may hold {@code ${path}} templates
 * ({@link ParamTemplate}), filled from the signals' latest values at the firing instant.
 *
 * @param paramOrigins where each parameter's value was written, for messages; may be empty
 */
public record ScenarioAction(
    String action,
    String target,
    Map<String, Object> params,
    Map<String, Origin> paramOrigins,
    Origin origin) {

  public ScenarioAction {
    params = Params.inOrder(params);
    paramOrigins = Params.inOrder(paramOrigins);
  }

  public ScenarioAction(String action, String target, Map<String, Object> params) {
    this(action, target, params, Map.of(), Origin.UNKNOWN);
  }

  /** The signal paths its parameters are filled from, in order. */
  public List<String> paramPaths() {
    List<String> out = new ArrayList<>();
    for (Object value : params.values()) {
      if (ParamTemplate.mayHold(value)) {
        out.addAll(ParamTemplate.parse((String) value).paths());
      }
    }
    return out;
  }

  /** Whether two actions request the same thing, wherever they were written. */
  public boolean sameAs(ScenarioAction other) {
    return action.equals(other.action)
        && target.equals(other.target)
        && params.equals(other.params);
  }
}
