package io.piccolo.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.gateway.security.Role;
import io.vertx.core.Future;

/**
 * {@code signal.publish}: one sample {@code {"path", "value", "time"?}} or {@code {"samples":
 * [...]}}, checked as {@code POST /api/v1/signals} checks them, then queued. A full queue answers
 * error -32000 with how many were queued and when to send the rest.
 */
final class PublishMethod implements RpcMethod {
  /** How long a publisher should wait before sending what the full queue refused. */
  static final int RETRY_AFTER_MS = 200;

  private final SignalQueue queue;
  private final SampleReader reader;

  PublishMethod(SignalQueue queue, SampleReader reader) {
    this.queue = queue;
    this.reader = reader;
  }

  @Override
  public Role role() {
    return Role.OPERATOR;
  }

  @Override
  public Future<JsonNode> call(ObjectNode params, StreamConnection connection) throws RpcError {
    return publish(read(params));
  }

  /** Queues samples already checked: read from the params, or by {@link PublishReader}. */
  Future<JsonNode> publish(SampleReader.Samples samples) throws RpcError {
    if (queue.starting()) {
      throw new RpcError(
          RpcError.STARTING,
          "starting: the rules are still being built; nothing was queued",
          RpcError.fields().put("accepted", 0).put("retryAfterMs", 1000));
    }
    int queued = queue.offer(samples);
    if (queued < samples.size()) {
      throw new RpcError(
          RpcError.EVALUATOR_BEHIND,
          "the evaluator is behind: queued "
              + queued
              + " of "
              + samples.size()
              + " samples; send the rest again",
          RpcError.fields().put("accepted", queued).put("retryAfterMs", RETRY_AFTER_MS));
    }
    return Future.succeededFuture(JsonNodeFactory.instance.objectNode().put("accepted", queued));
  }

  private SampleReader.Samples read(ObjectNode params) throws RpcError {
    try {
      if (params.has("samples")) {
        if (params.size() > 1) {
          String other = null;
          for (var it = params.fieldNames(); it.hasNext() && other == null; ) {
            String name = it.next();
            other = name.equals("samples") ? null : name;
          }
          throw RpcError.badParam(
              other, "unknown with samples (send one sample, or {\"samples\": [...]})");
        }
        JsonNode list = params.get("samples");
        if (!list.isArray() || list.isEmpty()) {
          throw RpcError.badParam("samples", "must be a list of one or more samples");
        }
        return reader.list(list);
      }
      return reader.one(params);
    } catch (SampleReader.BadSample e) {
      String field = e.field().startsWith("[") ? "samples" + e.field() : e.field();
      throw RpcError.badParam(field, e.problem() + "; nothing was queued");
    }
  }
}
