package io.piccolo.simulator.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.engine.DecidedAction;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per decided action, in the documented field order. */
public final class DecisionJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private DecisionJson() {}

  /**
   * Seconds as a plain decimal, to the millisecond: {@code 12.5}, {@code 0.0}, {@code
   * 1796119815.683}; a double would print epoch times as {@code 1.796119815683E9}.
   */
  static BigDecimal seconds(long millis) {
    BigDecimal s = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    return s.scale() < 1 ? s.setScale(1) : s;
  }

  public static String line(DecidedAction d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", seconds(d.timeMillis()));
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
