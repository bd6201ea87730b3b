package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.ParamTemplate;
import java.util.Map;
import java.util.StringJoiner;

/** How an action's parameters read, for {@code rules check --explain}. */
final class ParamsExplainer {
  private ParamsExplainer() {}

  static String describe(Map<String, Object> params) {
    StringJoiner out = new StringJoiner(", ", "{", "}");
    params.forEach((name, value) -> out.add(name + ": " + describe(value)));
    return out.toString();
  }

  private static String describe(Object value) {
    if (ParamTemplate.mayHold(value)) {
      ParamTemplate t = ParamTemplate.parse((String) value);
      if (!t.paths().isEmpty()) {
        return "\""
            + value
            + "\" (filled at firing from the latest "
            + String.join(", ", t.paths())
            + "; left out before a first sample)";
      }
    }
    if (value instanceof String text) {
      return "\"" + text + "\"";
    }
    return SignalValues.text(value);
  }
}
