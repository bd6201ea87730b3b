package io.piccolo.engine.index;

import io.piccolo.engine.scenario.ParamTemplate;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Fills {@code ${path}} parameters of an action at its firing instant. */
final class ActionParams {
  private ActionParams() {}

  /** Every signal path some action's parameters refer to. */
  static Set<String> paths(List<Scenario> scenarios) {
    Set<String> out = new LinkedHashSet<>();
    for (Scenario s : scenarios) {
      for (ScenarioAction a : s.actions()) {
        out.addAll(a.paramPaths());
      }
    }
    return out;
  }

  /** The parameters as given when none is a template, else a filled copy without unset ones. */
  static Map<String, Object> fill(Map<String, Object> params, Function<String, Object> latest) {
    Map<String, Object> out = null;
    for (var e : params.entrySet()) {
      if (!ParamTemplate.mayHold(e.getValue())) {
        continue;
      }
      if (out == null) {
        out = new LinkedHashMap<>(params);
      }
      Object filled = ParamTemplate.parse((String) e.getValue()).fill(latest);
      if (filled == null) {
        out.remove(e.getKey());
      } else {
        out.put(e.getKey(), filled);
      }
    }
    return out == null ? params : out;
  }
}
