package io.piccolo.gateway.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/signals}: a JSON array of samples {@code [{"path": "Vehicle.Speed", "value":
 * 42.0}]}, each with an optional {@code time} (epoch ms, kept on its facts), checked whole before
 * any is queued, then handed to the evaluator. A full queue is back-pressure: 429 with {@code
 * Retry-After}, naming how many were queued; every refusal counted. Samples are read by {@link
 * SampleReader} and queued by {@link SignalQueue}, as the stream's are.
 */
final class SignalIntake {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final SignalQueue queue;
  private final SampleReader reader;

  SignalIntake(SignalQueue queue, SampleReader reader) {
    this.queue = queue;
    this.reader = reader;
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
      HttpProblem.send(ctx, 400, "not JSON", notJson(e));
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
    SampleReader.Samples samples;
    try {
      samples = reader.list(body);
    } catch (SampleReader.BadSample e) {
      if (e.isUnprocessable()) {
        HttpProblem.send(
            ctx,
            422,
            "refused by the VSS catalogue",
            e.getMessage() + "; nothing was queued",
            new JsonObject().put("field", e.field()));
      } else {
        HttpProblem.send(ctx, 400, "bad sample", e.getMessage() + "; nothing was queued");
      }
      return;
    }
    if (queue.starting()) {
      ctx.response().putHeader("Retry-After", "1");
      HttpProblem.send(
          ctx,
          503,
          "starting",
          "the rules are still being built; nothing was queued, send again in a moment");
      return;
    }
    int queued = queue.offer(samples);
    if (queued < samples.size()) {
      ctx.response().putHeader("Retry-After", "1");
      HttpProblem.send(
          ctx,
          429,
          "the evaluator is behind",
          "queued "
              + queued
              + " of "
              + samples.size()
              + " samples; send the rest again after a second",
          new JsonObject().put("accepted", queued));
      return;
    }
    ctx.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("accepted", queued).encode() + "\n");
  }

  /** Where the text stops being JSON, and the parser's first sentence on why. */
  static String notJson(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : "line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ": ";
    return where + firstSentence(e.getOriginalMessage());
  }

  /** The parser's message without its notes on its own features and internals. */
  private static String firstSentence(String message) {
    String text = message == null ? "malformed JSON" : message;
    int cut = text.indexOf(" (");
    int at = text.indexOf("\n");
    int end = Math.min(cut < 0 ? text.length() : cut, at < 0 ? text.length() : at);
    return text.substring(0, end).trim();
  }
}
