package io.piccolo.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.gateway.security.Role;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code events.subscribe} ({@code kinds}, {@code scenario}, {@code target}, {@code decision}) and
 * {@code events.unsubscribe} ({@code subscription}). Events arrive as {@code events.event}
 * notifications.
 */
final class SubscribeMethods {
  private SubscribeMethods() {}

  static RpcMethod subscribe() {
    return new RpcMethod() {
      @Override
      public Role role() {
        return Role.VIEWER;
      }

      @Override
      public Future<JsonNode> call(ObjectNode params, StreamConnection connection) throws RpcError {
        EventFilter filter = filter(params);
        return Future.succeededFuture(
            JsonNodeFactory.instance
                .objectNode()
                .put("subscription", connection.subscribe(filter)));
      }
    };
  }

  static RpcMethod unsubscribe() {
    return new RpcMethod() {
      @Override
      public Role role() {
        return Role.VIEWER;
      }

      @Override
      public Future<JsonNode> call(ObjectNode params, StreamConnection connection) throws RpcError {
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (!name.equals("subscription")) {
            throw RpcError.badParam(name, "unknown field (events.unsubscribe takes subscription)");
          }
        }
        JsonNode id = params.get("subscription");
        if (id == null || !id.isTextual()) {
          throw RpcError.badParam(
              "subscription", "must be the id events.subscribe answered, e.g. \"1\"");
        }
        if (!connection.unsubscribe(id.textValue())) {
          throw new RpcError(
              RpcError.NO_SUCH_SUBSCRIPTION,
              "no such subscription",
              RpcError.fields()
                  .put("subscription", id.textValue())
                  .put("problem", "this connection has no subscription of that id"));
        }
        return Future.succeededFuture(
            JsonNodeFactory.instance.objectNode().put("unsubscribed", id.textValue()));
      }
    };
  }

  private static EventFilter filter(ObjectNode params) throws RpcError {
    List<String> kinds = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("kinds")) {
        if (!field.getValue().isArray()) {
          throw RpcError.badParam("kinds", "must be a list, e.g. [\"decision\", \"state\"]");
        }
        for (JsonNode kind : field.getValue()) {
          if (!kind.isTextual()) {
            throw RpcError.badParam(
                "kinds", "must be a list of decision, state, reload or timpani");
          }
          kinds.add(kind.textValue());
        }
      } else if (field.getValue().isTextual()) {
        values.put(field.getKey(), field.getValue().textValue());
      } else if (EventFilter.FIELDS.contains(field.getKey())) {
        throw RpcError.badParam(field.getKey(), "must be a string");
      } else {
        values.put(field.getKey(), field.getValue().toString());
      }
    }
    try {
      return EventFilter.of("kinds", kinds, values);
    } catch (EventFilter.Invalid e) {
      throw RpcError.badParam(e.field(), e.getMessage());
    }
  }
}
