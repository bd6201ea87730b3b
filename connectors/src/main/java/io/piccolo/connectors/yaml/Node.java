package io.piccolo.connectors.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers where it was written, so every validation message can
 * name its line and column.
 */
public sealed interface Node {
  int line();

  int column();

  /** A mapping; keys in document order. */
  record MapNode(Map<String, Node> entries, int line, int column) implements Node {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    public Node get(String key) {
      return entries.get(key);
    }

    public boolean has(String key) {
      return entries.containsKey(key);
    }
  }

  record ListNode(List<Node> items, int line, int column) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }
  }

  /**
   * A scalar: {@code value} is a Boolean, Long, Double or String as {@link PlainScalars} types an
   * unquoted scalar (a quoted one is always a String), or null for an explicit null.
   */
  record Scalar(Object value, int line, int column) implements Node {
    public boolean isNull() {
      return value == null;
    }

    public String text() {
      return value == null ? "" : String.valueOf(value);
    }
  }
}
