package io.piccolo.gateway.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.SampleBatch;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/signals}: a JSON array of samples {@code [{"path": "Vehicle.Speed", "value":
 * 42.0}]}, each with an optional {@code time} (epoch ms, kept on its facts), checked whole before
 * any is queued, then handed to the evaluator. A full queue is back-pressure: 429 with {@code
 * Retry-After}, naming how many were queued; every refusal counted.
 */
final class SignalIntake {
  static final String SAMPLES_ACCEPTED = "piccolo.signals.accepted";
  static final String SAMPLES_REFUSED = "piccolo.signals.refused";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Supplier<LiveEvaluator> evaluator;
  private final Counter accepted;
  private final Counter refused;
  private final int pathLimit;
  private final int textLimit;

  /**
   * @param evaluator the evaluator, or null while the rule base is still being built
   * @param pathLimit the longest signal path, in characters ({@code serve.signal-path-limit})
   * @param textLimit the longest string value, in characters ({@code serve.signal-text-limit})
   */
  SignalIntake(
      Supplier<LiveEvaluator> evaluator, MeterRegistry meters, int pathLimit, int textLimit) {
    this.evaluator = evaluator;
    this.pathLimit = pathLimit;
    this.textLimit = textLimit;
    this.accepted =
        Counter.builder(SAMPLES_ACCEPTED)
            .description("samples received and queued for the evaluator")
            .register(meters);
    this.refused =
        Counter.builder(SAMPLES_REFUSED)
            .description("samples refused because the evaluator's queue was full")
            .register(meters);
  }

  void handle(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      HttpProblem.send(
          ctx,
          400,
          "empty body",
          "send a JSON array such as [{\"path\": \"Vehicle.Speed\", \"value\": 42.0}]");
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : "line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": ";
      HttpProblem.send(ctx, 400, "not JSON", where + firstSentence(e.getOriginalMessage()));
      return;
    }
    if (body == null || !body.isArray()) {
      HttpProblem.send(
          ctx,
          400,
          "not a list of samples",
          "send a JSON array such as [{\"path\": \"Vehicle.Speed\", \"value\": 42.0}]");
      return;
    }
    Object[] values = new Object[body.size()];
    String[] paths = new String[body.size()];
    long[] times = new long[body.size()];
    for (int i = 0; i < body.size(); i++) {
      String wrong = read(body.get(i), i, paths, values, times);
      if (wrong != null) {
        HttpProblem.send(ctx, 400, "bad sample", "[" + i + "]" + wrong + "; nothing was queued");
        return;
      }
    }
    LiveEvaluator live = evaluator.get();
    if (live == null) {
      ctx.response().putHeader("Retry-After", "1");
      HttpProblem.send(
          ctx,
          503,
          "starting",
          "the rules are still being built; nothing was queued, send again in a moment");
      return;
    }
    int queued = 0;
    while (queued < paths.length && live.offer(paths[queued], values[queued], times[queued])) {
      queued++;
    }
    accepted.increment(queued);
    if (queued < paths.length) {
      refused.increment(paths.length - queued);
      ctx.response().putHeader("Retry-After", "1");
      HttpProblem.send(
          ctx,
          429,
          "the evaluator is behind",
          "queued "
              + queued
              + " of "
              + paths.length
              + " samples; send the rest again after a second",
          new JsonObject().put("accepted", queued));
      return;
    }
    ctx.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("accepted", queued).encode() + "\n");
  }

  /** The parser's message without its notes on its own features and internals. */
  private static String firstSentence(String message) {
    String text = message == null ? "malformed JSON" : message;
    int cut = text.indexOf(" (");
    int at = text.indexOf("\n");
    int end = Math.min(cut < 0 ? text.length() : cut, at < 0 ? text.length() : at);
    return text.substring(0, end).trim();
  }

  /** Reads sample {@code i}; null when fine, else what is wrong with it. */
  private String read(JsonNode sample, int i, String[] paths, Object[] values, long[] times) {
    if (sample == null || !sample.isObject()) {
      return " must be an object {\"path\": ..., \"value\": ...}";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = sample.fields(); it.hasNext(); ) {
      String field = it.next().getKey();
      if (!field.equals("path") && !field.equals("value") && !field.equals("time")) {
        return "." + field + ": unknown field (a sample has path, value and an optional time)";
      }
    }
    JsonNode path = sample.get("path");
    if (path == null || !path.isTextual() || path.textValue().isBlank()) {
      return ".path: must be a signal path such as \"Vehicle.Speed\"";
    }
    String wrongPath = SignalPaths.problem(path.textValue(), pathLimit);
    if (wrongPath != null) {
      return ".path: " + wrongPath;
    }
    JsonNode value = sample.get("value");
    if (value == null || value.isNull() || value.isContainerNode()) {
      return ".value: must be a number, true/false or a string";
    }
    if (value.isTextual() && value.textValue().length() > textLimit) {
      return ".value: a string of "
          + value.textValue().length()
          + " characters is longer than serve.signal-text-limit ("
          + textLimit
          + ")";
    }
    JsonNode time = sample.get("time");
    if (time == null) {
      times[i] = SampleBatch.NOW;
    } else if (time.canConvertToExactIntegral() && time.canConvertToLong() && time.asLong() >= 0) {
      times[i] = time.asLong();
    } else {
      return ".time: must be the sample's own time in whole milliseconds since the epoch";
    }
    if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
      return ".value: " + value.asText() + " is beyond what a number can hold";
    }
    paths[i] = path.textValue();
    values[i] =
        value.isBoolean()
            ? (Object) value.booleanValue()
            : value.isNumber() ? (Object) value.doubleValue() : value.textValue();
    return null;
  }
}
