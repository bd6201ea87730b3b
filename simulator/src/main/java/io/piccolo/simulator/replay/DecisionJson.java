package io.piccolo.simulator.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.engine.DecidedAction;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per decided action, in the documented field order. */
public final class DecisionJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionJson() {}

  public static String line(DecidedAction d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", d.timeMillis() / 1000.0);
    out.put("scenario", d.scenario());
    out.put("rule", d.rule());
    out.put("action", d.action());
    out.put("target", d.target());
    out.put("decision", d.decision().label());
    out.put("decided_by", d.decidedBy());
    out.put("reason", d.reason());
    if (!d.params().isEmpty()) {
      out.put("params", d.params());
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decision always serialises", e);
    }
  }
}
