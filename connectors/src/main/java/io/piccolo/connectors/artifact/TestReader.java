package io.piccolo.connectors.artifact;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.TestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the leaves of {@code spec.when} beyond {@code {signal, op, value}}: each has one key that
 * names its kind (signal2, between, in, matches, contains, stale, known, rate, rearm), and a key
 * that makes no sense with it is an error, not a silently different condition.
 */
final class TestReader {
  /** Reports an error at a node; the scenario is then not built. */
  interface Errors {
    void error(Node at, String field, String message);
  }

  /** Warns of (or, strictly, refuses) keys nobody reads. */
  interface UnknownKeys {
    void check(Node.MapNode map, String field, List<String> known);
  }

  /** The kind key, and the other keys its condition takes besides signal. */
  static final Map<String, List<String>> KINDS =
      Map.of(
          "signal2", List.of("op", "for"),
          "between", List.of("for"),
          "in", List.of("for"),
          "matches", List.of("for"),
          "contains", List.of("for"),
          "stale", List.of(),
          "known", List.of(),
          "rate", List.of("value", "per", "for"),
          "rearm", List.of("op", "value", "for"));

  static final List<String> ALL_KEYS =
      List.of(
          "signal",
          "op",
          "value",
          "for",
          "signal2",
          "between",
          "in",
          "matches",
          "contains",
          "stale",
          "known",
          "rate",
          "rearm",
          "per");

  private final String file;
  private final Errors errors;
  private final UnknownKeys unknown;

  TestReader(String file, Errors errors, UnknownKeys unknown) {
    this.file = file;
    this.errors = errors;
    this.unknown = unknown;
  }

  /** Whether the mapping is a leaf of one of these kinds. */
  static boolean applies(Node.MapNode map) {
    return KINDS.keySet().stream().anyMatch(map::has);
  }

  /** The test, or null after reporting what is wrong. */
  Condition read(Node.MapNode map, String field) {
    List<String> kinds = KINDS.keySet().stream().filter(map::has).sorted().toList();
    if (kinds.size() > 1) {
      errors.error(
          map.get(kinds.get(1)),
          field,
          "has both " + kinds.get(0) + " and " + kinds.get(1) + "; a condition tests one thing");
      return null;
    }
    String kindKey = kinds.get(0);
    List<String> takes = KINDS.get(kindKey);
    boolean bad = false;
    for (String key : map.entries().keySet()) {
      if (ALL_KEYS.contains(key)
          && !key.equals("signal")
          && !key.equals(kindKey)
          && !takes.contains(key)) {
        errors.error(
            map.get(key),
            field + "." + key,
            key
                + " does not go with "
                + kindKey
                + " ("
                + kindKey
                + " takes signal, "
                + kindKey
                + (takes.isEmpty() ? "" : ", " + String.join(", ", takes))
                + ")");
        bad = true;
      }
    }
    List<String> known = new ArrayList<>(List.of("signal", kindKey));
    known.addAll(takes);
    unknown.check(filtered(map), field, known);
    String path = text(map.get("signal"), field + ".signal", map);
    Node kindNode = map.get(kindKey);
    TestKind kind = kind(kindKey, kindNode, map, field, path);
    long held = takes.contains("for") ? duration(map.get("for"), field + ".for", false) : 0;
    if (bad || path == null || kind == null || held < 0) {
      return null;
    }
    return new Condition.Test(path, kind, held, origin(map.get("signal")), origin(kindNode));
  }

  /** The keys that are no known key at all: those the unknown-field check reports. */
  private static Node.MapNode filtered(Node.MapNode map) {
    Node.MapNode rest = new Node.MapNode(new java.util.LinkedHashMap<>(), map.line(), map.column());
    map.entries()
        .forEach(
            (k, v) -> {
              if (!ALL_KEYS.contains(k)) {
                rest.entries().put(k, v);
              }
            });
    return rest;
  }

  private TestKind kind(String key, Node node, Node.MapNode map, String field, String path) {
    String at = field + "." + key;
    return switch (key) {
      case "signal2" -> versus(node, map, field, path);
      case "between" -> between(node, at);
      case "in" -> in(node, at);
      case "matches" -> matches(node, at);
      case "contains" -> {
        String t = text(node, at, map);
        yield t == null ? null : new TestKind.Contains(t);
      }
      case "stale" -> {
        long millis = duration(node, at, true);
        yield millis <= 0 ? null : new TestKind.Stale(millis);
      }
      case "known" -> known(node, at);
      case "rate" -> rate(node, map, field);
      default -> rearm(node, map, field);
    };
  }

  private TestKind versus(Node node, Node.MapNode map, String field, String path) {
    String other = text(node, field + ".signal2", map);
    Op op = op(map.get("op"), field + ".op", map, false);
    if (other == null || op == null) {
      return null;
    }
    if (other.equals(path)) {
      errors.error(node, field + ".signal2", "compares " + path + " with itself");
      return null;
    }
    return new TestKind.Versus(op, other);
  }

  private TestKind between(Node node, String field) {
    if (!(node instanceof Node.ListNode list) || list.items().size() != 2) {
      errors.error(node, field, "must be a list of two numbers, low and high: between: [10, 20]");
      return null;
    }
    double low = number(list.items().get(0), field + "[0]");
    double high = number(list.items().get(1), field + "[1]");
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return null;
    }
    if (low > high) {
      errors.error(
          node,
          field,
          "low "
              + SignalValues.text(low)
              + " is above high "
              + SignalValues.text(high)
              + ": write [low, high]");
      return null;
    }
    return new TestKind.Between(low, high);
  }

  private TestKind in(Node node, String field) {
    if (!(node instanceof Node.ListNode list) || list.items().isEmpty()) {
      errors.error(node, field, "must be a non-empty list of values: in: [PARK, NEUTRAL]");
      return null;
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      if (!(item instanceof Node.Scalar s) || s.isNull()) {
        errors.error(item, field + "[" + i + "]", "must be a number, true/false or a string");
        return null;
      }
      values.add(s.value() instanceof Long l ? (Object) l.doubleValue() : s.value());
    }
    return new TestKind.In(values);
  }

  private TestKind matches(Node node, String field) {
    if (!(node instanceof Node.Scalar s) || s.isNull() || !(s.value() instanceof String)) {
      errors.error(node, field, "must be a regular expression in quotes: matches: \"^P[0-9]+$\"");
      return null;
    }
    try {
      Pattern.compile(s.text());
    } catch (PatternSyntaxException e) {
      errors.error(
          node,
          field,
          "bad regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")
              + " of '"
              + s.text()
              + "'");
      return null;
    }
    return new TestKind.Matches(s.text());
  }

  private TestKind known(Node node, String field) {
    if (node instanceof Node.Scalar s && s.value() instanceof Boolean b) {
      return new TestKind.Known(b);
    }
    errors.error(node, field, "must be true or false");
    return null;
  }

  private TestKind rate(Node node, Node.MapNode map, String field) {
    Op op = op(node, field + ".rate", map, true);
    double value = number(map.get("value"), field + ".value", map);
    long per = map.has("per") ? duration(map.get("per"), field + ".per", true) : 1000;
    if (op == null || Double.isNaN(value) || per <= 0) {
      return null;
    }
    return new TestKind.Rate(op, value, per);
  }

  private TestKind rearm(Node node, Node.MapNode map, String field) {
    Op op = op(map.get("op"), field + ".op", map, true);
    double value = number(map.get("value"), field + ".value", map);
    double rearm = number(node, field + ".rearm");
    if (op == null || Double.isNaN(value) || Double.isNaN(rearm)) {
      return null;
    }
    boolean upward = op == Op.GT || op == Op.GE;
    if (upward ? rearm >= value : rearm <= value) {
      errors.error(
          node,
          field + ".rearm",
          "with "
              + op.spelling()
              + " "
              + SignalValues.text(value)
              + " the rearm level must be "
              + (upward ? "below" : "above")
              + " it, not "
              + SignalValues.text(rearm));
      return null;
    }
    return new TestKind.Rearm(op, value, rearm);
  }

  private Op op(Node node, String field, Node parent, boolean orderingOnly) {
    String ops = orderingOnly ? "lt, le, gt, ge" : "eq, ne, lt, le, gt, ge";
    if (!(node instanceof Node.Scalar s) || s.isNull()) {
      errors.error(node == null ? parent : node, field, "required (one of " + ops + ")");
      return null;
    }
    Op op = Op.parse(s.text()).orElse(null);
    if (op == null || (orderingOnly && (op == Op.EQ || op == Op.NE))) {
      errors.error(
          node,
          field,
          (op == null ? "unknown operator '" : "cannot use '")
              + s.text()
              + "' here (use "
              + ops
              + ")");
      return null;
    }
    return op;
  }

  private double number(Node node, String field, Node parent) {
    if (node == null) {
      errors.error(parent, field, "required: a number");
      return Double.NaN;
    }
    return number(node, field);
  }

  private double number(Node node, String field) {
    double n =
        node instanceof Node.Scalar s && !s.isNull() ? SignalValues.number(s.value()) : Double.NaN;
    if (Double.isNaN(n) || node instanceof Node.Scalar s && s.value() instanceof Boolean) {
      errors.error(node, field, "must be a number");
      return Double.NaN;
    }
    return n;
  }

  private String text(Node node, String field, Node parent) {
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      errors.error(node == null ? parent : node, field, "required");
      return null;
    }
    return s.text();
  }

  /** Absent: 0 (an error when required). Malformed: an error, and -1. */
  private long duration(Node node, String field, boolean required) {
    if (node == null || node instanceof Node.Scalar s && s.isNull()) {
      if (required) {
        errors.error(node, field, "required: a duration such as 250ms, 10.5s, 2m or 1h");
        return -1;
      }
      return 0;
    }
    try {
      long millis = Durations.parseMillis(node instanceof Node.Scalar s ? s.text() : "");
      if (required && millis == 0) {
        errors.error(node, field, "must be longer than 0");
        return -1;
      }
      return millis;
    } catch (IllegalArgumentException e) {
      errors.error(node, field, e.getMessage());
      return -1;
    }
  }

  private Origin origin(Node node) {
    return new Origin(file, node.line(), node.column());
  }
}
