package io.piccolo.connectors.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts located trees to Jackson trees, for storing and printing. */
public final class Trees {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Trees() {}

  public static JsonNode toJson(Node node) {
    if (node instanceof Node.MapNode map) {
      ObjectNode out = JSON.objectNode();
      map.entries().forEach((k, v) -> out.set(k, toJson(v)));
      return out;
    }
    if (node instanceof Node.ListNode list) {
      ArrayNode out = JSON.arrayNode();
      list.items().forEach(item -> out.add(toJson(item)));
      return out;
    }
    Object v = ((Node.Scalar) node).value();
    if (v == null) {
      return JSON.nullNode();
    }
    if (v instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (v instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (v instanceof Double d) {
      return JSON.numberNode(d);
    }
    return JSON.textNode(v.toString());
  }
}
