package io.piccolo.connectors.artifact;

import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code kind: Scenario} document: Pullpiri's {@code spec.condition} unchanged, or the
 * {@code spec.when} extension with all/any/not, {@code for} durations, triggers and cooldowns.
 */
final class ScenarioReader {
  static final List<String> ACTIONS =
      List.of("launch", "terminate", "update", "rollback", "schedule");

  /** The parameters a scenario's {@code schedule} may give the TIMPANI executor. */
  static final List<String> SCHEDULE_PARAMS =
      List.of("schedule", "task", "period", "runtime", "deadline");

  private static final List<String> SCHEDULE_TIMES = List.of("period", "runtime", "deadline");
  private static final List<String> SPEC_KEYS =
      List.of("condition", "when", "action", "target", "trigger", "cooldown", "params");
  private static final List<String> CONDITION_KEYS = List.of("signal", "op", "value", "for");
  private static final String OPS = "eq, ne, lt, le, gt, ge";

  private final Located at;
  private int errors;

  ScenarioReader(Located at) {
    this.at = at;
  }

  Optional<Scenario> read(String name, Node.MapNode doc) {
    Node specNode = doc.get("spec");
    if (!(specNode instanceof Node.MapNode spec)) {
      at.error(
          specNode == null ? doc : specNode, "spec", "required: a mapping with action and target");
      return Optional.empty();
    }
    int errorsBefore = errors;
    List<String> misspelt =
        spec.has("condition") || spec.has("when") ? List.of() : misspeltConditions(spec);
    Node.MapNode rest = new Node.MapNode(spec.entries(), spec.line(), spec.column());
    misspelt.forEach(rest.entries()::remove);
    unknownKeys(rest, "spec", SPEC_KEYS);
    String action = action(spec);
    String target = requiredText(spec, "target");
    Condition condition = null;
    boolean hasCondition = spec.has("condition") && !isNull(spec.get("condition"));
    boolean hasWhen = spec.has("when") && !isNull(spec.get("when"));
    if (hasCondition && hasWhen) {
      at.error(spec.get("when"), "spec", "has both condition and when; keep one");
    } else if (hasCondition) {
      condition = pullpiriCondition(spec.get("condition"));
    } else if (hasWhen) {
      condition = when(spec.get("when"), "spec.when");
    }
    Trigger trigger = trigger(spec.get("trigger"));
    long cooldown = duration(spec.get("cooldown"), "spec.cooldown");
    Map<String, Object> params = params(spec.get("params"));
    if ("schedule".equals(action)) {
      scheduleParams(spec.get("params"), params);
    }
    if (errors > errorsBefore || action == null || target == null) {
      return Optional.empty();
    }
    Origin origin = new Origin(at.file(), doc.line(), doc.column());
    return Optional.of(
        new Scenario(name, action, target, params, condition, trigger, cooldown, origin));
  }

  /**
   * Without condition or when a scenario fires at the start of the run, so an unknown key there
   * that holds a condition, or is spelt like one, is most likely a misspelt condition: an error,
   * never a silent change of meaning. Returns those keys; other unknown keys warn as anywhere.
   */
  private List<String> misspeltConditions(Node.MapNode spec) {
    List<String> conditionKeys = List.of("condition", "when");
    List<String> misspelt = new ArrayList<>();
    for (var entry : spec.entries().entrySet()) {
      String key = entry.getKey();
      Node value = entry.getValue();
      boolean looksLikeCondition =
          !(value instanceof Node.Scalar)
              || DidYouMean.closest(key, SPEC_KEYS).filter(conditionKeys::contains).isPresent();
      if (!SPEC_KEYS.contains(key) && looksLikeCondition) {
        misspelt.add(key);
        error(
            value,
            "spec." + key,
            "unknown field"
                + DidYouMean.hint(key, SPEC_KEYS)
                + "; without condition or when the scenario would fire at the start of the run"
                + " (write condition: null to mean that; known: "
                + String.join(", ", SPEC_KEYS)
                + ")");
      }
    }
    return misspelt;
  }

  /** Unknown keys warn; under strict reading they are errors and the scenario is not built. */
  private void unknownKeys(Node.MapNode map, String field, List<String> known) {
    int unknown = at.unknownKeys(map, field, known);
    if (at.strict()) {
      errors += unknown;
    }
  }

  private void error(Node node, String field, String message) {
    errors++;
    at.error(node, field, message);
  }

  private String action(Node.MapNode spec) {
    String action = requiredText(spec, "action");
    if (action != null && !ACTIONS.contains(action)) {
      error(
          spec.get("action"),
          "spec.action",
          "unknown action '" + action + "' (use " + String.join(", ", ACTIONS) + ")");
      return null;
    }
    return action;
  }

  private String requiredText(Node.MapNode map, String key) {
    Node node = map.get(key);
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      error(node == null ? map : node, "spec." + key, "required");
      return null;
    }
    return s.text();
  }

  /** Pullpiri's form: topic {@code operands.value}, field {@code operands.name}. */
  private Condition pullpiriCondition(Node node) {
    String field = "spec.condition";
    if (!(node instanceof Node.MapNode c)) {
      error(node, field, "must be a mapping with express, value and operands, or null");
      return null;
    }
    unknownKeys(c, field, List.of("express", "value", "operands"));
    Op op = op(c.get("express"), field + ".express", c);
    Object value = value(c.get("value"), field + ".value", c);
    Node operandsNode = c.get("operands");
    if (!(operandsNode instanceof Node.MapNode operands)) {
      error(
          operandsNode == null ? c : operandsNode,
          field + ".operands",
          "required: type, name and value");
      return null;
    }
    unknownKeys(operands, field + ".operands", List.of("type", "name", "value"));
    String topic = scalarText(operands.get("value"), field + ".operands.value", operands);
    String name = scalarText(operands.get("name"), field + ".operands.name", operands);
    if (op == null || value == null || topic == null || name == null) {
      return null;
    }
    if (!numericOk(op, value, c.get("value"), field + ".value")) {
      return null;
    }
    return new Condition.Comparison(
        topic + "." + name, op, value, 0, origin(operands.get("value")));
  }

  private Condition when(Node node, String field) {
    if (!(node instanceof Node.MapNode map)) {
      error(
          node,
          field,
          "must be a mapping: all, any, not, or a condition with signal, op and value");
      return null;
    }
    if (TestReader.applies(map)) {
      return new TestReader(at.file(), this::error, this::unknownKeys).read(map, field);
    }
    if (map.has("signal") || map.has("op")) {
      return comparison(map, field);
    }
    if (map.entries().size() != 1) {
      error(
          map,
          field,
          "must hold exactly one of all, any, not (or be a condition with signal, op, value)");
      return null;
    }
    var entry = map.entries().entrySet().iterator().next();
    String key = entry.getKey();
    String groupField = field + "." + key;
    if (!List.of("all", "any", "not").contains(key)) {
      error(entry.getValue(), groupField, "unknown group '" + key + "' (use all, any or not)");
      return null;
    }
    if (!(entry.getValue() instanceof Node.ListNode list) || list.items().isEmpty()) {
      error(entry.getValue(), groupField, "must be a non-empty list of conditions");
      return null;
    }
    List<Condition> items = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      items.add(when(list.items().get(i), groupField + "[" + i + "]"));
    }
    if (items.contains(null)) {
      return null;
    }
    return switch (key) {
      case "all" -> new Condition.All(items);
      case "any" -> new Condition.Any(items);
      default -> new Condition.None(items);
    };
  }

  private Condition comparison(Node.MapNode map, String field) {
    unknownKeys(map, field, CONDITION_KEYS);
    String path = scalarText(map.get("signal"), field + ".signal", map);
    Op op = op(map.get("op"), field + ".op", map);
    Object value = value(map.get("value"), field + ".value", map);
    long held = duration(map.get("for"), field + ".for");
    if (path == null || op == null || value == null || held < 0) {
      return null;
    }
    if (!numericOk(op, value, map.get("value"), field + ".value")) {
      return null;
    }
    return new Condition.Comparison(path, op, value, held, origin(map.get("signal")));
  }

  private Op op(Node node, String field, Node parent) {
    if (!(node instanceof Node.Scalar s) || s.isNull()) {
      error(node == null ? parent : node, field, "required (one of " + OPS + ")");
      return null;
    }
    Optional<Op> op = Op.parse(s.text());
    if (op.isEmpty()) {
      error(node, field, "unknown operator '" + s.text() + "' (use " + OPS + ")");
      return null;
    }
    return op.get();
  }

  private Object value(Node node, String field, Node parent) {
    if (!(node instanceof Node.Scalar s) || s.isNull()) {
      error(node == null ? parent : node, field, "required: a number, true/false or a string");
      return null;
    }
    return s.value() instanceof Long l ? (Object) l.doubleValue() : s.value();
  }

  /** lt, le, gt and ge compare numbers: a constant that is none could never be true. */
  private boolean numericOk(Op op, Object value, Node at, String field) {
    boolean ordering = op == Op.LT || op == Op.LE || op == Op.GT || op == Op.GE;
    if (ordering && Double.isNaN(SignalValues.number(value))) {
      error(at, field, op.spelling() + " compares numbers, and '" + value + "' is not one");
      return false;
    }
    return true;
  }

  private String scalarText(Node node, String field, Node parent) {
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      error(node == null ? parent : node, field, "required");
      return null;
    }
    return s.text();
  }

  /** Absent: 0. Malformed: an error, and -1. */
  private long duration(Node node, String field) {
    if (node == null || isNull(node)) {
      return 0;
    }
    if (!(node instanceof Node.Scalar s)) {
      error(node, field, "must be a duration such as 250ms, 10.5s, 2m or 1h");
      return -1;
    }
    try {
      return Durations.parseMillis(s.text());
    } catch (IllegalArgumentException e) {
      error(node, field, e.getMessage());
      return -1;
    }
  }

  private Trigger trigger(Node node) {
    if (node == null || isNull(node)) {
      return Trigger.EDGE;
    }
    String text = node instanceof Node.Scalar s ? s.text() : "";
    Optional<Trigger> trigger =
        Arrays.stream(Trigger.values()).filter(t -> t.name().equalsIgnoreCase(text)).findFirst();
    if (trigger.isEmpty()) {
      error(node, "spec.trigger", "unknown trigger '" + text + "' (use edge or level)");
      return Trigger.EDGE;
    }
    return trigger.get();
  }

  private Map<String, Object> params(Node node) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return params;
    }
    if (!(node instanceof Node.MapNode map)) {
      error(node, "spec.params", "must be a mapping of names to values");
      return params;
    }
    map.entries()
        .forEach(
            (k, v) -> {
              if (v instanceof Node.Scalar s && !s.isNull()) {
                params.put(k, s.value());
              } else {
                error(v, "spec.params." + k, "must be a number, true/false or a string");
              }
            });
    return params;
  }

  /**
   * A {@code schedule}'s parameters as the TIMPANI executor reads them: which Schedule (else the
   * Package's), which task (else every one), and period, runtime, deadline as whole µs. Anything
   * else would be ignored by the executor, so it is an error here.
   */
  private void scheduleParams(Node node, Map<String, Object> params) {
    if (!(node instanceof Node.MapNode map)) {
      return;
    }
    map.entries()
        .forEach(
            (k, v) -> {
              Object value = params.get(k);
              if (k.equals("tasks")) {
                error(
                    v,
                    "spec.params.tasks",
                    "a scenario cannot name PIDs: the executor finds each task by its process name"
                        + " (comm) among the Package's containers");
              } else if (!SCHEDULE_PARAMS.contains(k)) {
                error(
                    v,
                    "spec.params." + k,
                    "unknown parameter of schedule"
                        + DidYouMean.hint(k, SCHEDULE_PARAMS)
                        + " (known: "
                        + String.join(", ", SCHEDULE_PARAMS)
                        + ")");
              } else if (value != null
                  && SCHEDULE_TIMES.contains(k)
                  && !(value instanceof Number n
                      && n.doubleValue() == Math.rint(n.doubleValue())
                      && n.longValue() > 0)) {
                error(
                    v,
                    "spec.params." + k,
                    "must be a whole number of µs greater than 0, e.g. " + k + ": 20000");
              }
            });
  }

  private Origin origin(Node node) {
    return new Origin(at.file(), node.line(), node.column());
  }

  private static boolean isNull(Node node) {
    return node instanceof Node.Scalar s && s.isNull();
  }
}
