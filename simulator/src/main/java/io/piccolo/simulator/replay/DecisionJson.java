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
    String plain = plainLine(d);
    return plain != null ? plain : jacksonLine(d);
  }

  /**
   * The common line, written without a map or a JSON generator: no params, and every text plain
   * printable ASCII (no quote, backslash or control character), so nothing needs escaping and the
   * bytes are those Jackson writes. Null for any other decision.
   */
  static String plainLine(DecidedAction d) {
    if (!d.params().isEmpty()) {
      return null;
    }
    String[] texts = {
      d.scenario(),
      d.rule(),
      d.action(),
      d.target(),
      d.decision().label(),
      d.decidedBy(),
      d.reason()
    };
    int length = 64;
    for (String text : texts) {
      if (!plain(text)) {
        return null;
      }
      length += text.length();
    }
    StringBuilder out = new StringBuilder(length + PLAIN_KEYS_LENGTH);
    out.append("{\"time\":");
    appendSeconds(out, d.timeMillis());
    for (int i = 0; i < texts.length; i++) {
      out.append(PLAIN_KEYS[i]).append(texts[i]).append('"');
    }
    return out.append('}').toString();
  }

  private static final String[] PLAIN_KEYS = {
    ",\"scenario\":\"",
    ",\"rule\":\"",
    ",\"action\":\"",
    ",\"target\":\"",
    ",\"decision\":\"",
    ",\"decided_by\":\"",
    ",\"reason\":\""
  };

  private static final int PLAIN_KEYS_LENGTH =
      java.util.Arrays.stream(PLAIN_KEYS).mapToInt(String::length).sum();

  private static boolean plain(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** {@link #seconds} as text: {@code 12.5}, {@code 0.0}, {@code 1796119815.683}. */
  private static void appendSeconds(StringBuilder out, long millis) {
    if (millis < 0) {
      out.append(seconds(millis).toPlainString());
      return;
    }
    out.append(millis / 1000).append('.');
    int fraction = (int) (millis % 1000);
    if (fraction == 0) {
      out.append('0');
      return;
    }
    int digits = 3;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    String text = Integer.toString(fraction);
    for (int i = text.length(); i < digits; i++) {
      out.append('0');
    }
    out.append(text);
  }

  static String jacksonLine(DecidedAction d) {
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
