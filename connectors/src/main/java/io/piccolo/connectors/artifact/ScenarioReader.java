package io.piccolo.connectors.artifact;

import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.ParamTemplate;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
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
  static final List<String> SPEC_KEYS =
      List.of(
          "condition",
          "when",
          "action",
          "target",
          "actions",
          "trigger",
          "cooldown",
          "throttle",
          "params");
  static final List<String> ACTION_KEYS = List.of("action", "target", "params");
  static final List<String> THROTTLE_KEYS = List.of("once_within");
  static final List<String> COUNT_KEYS = List.of("count", "within", "of", "for");
  static final List<String> CONDITION_KEYS = List.of("signal", "op", "value", "for");
  static final List<String> GROUP_KEYS = List.of("all", "any", "not");
  private static final String OPS = "eq, ne, lt, le, gt, ge";

  /** The most edges a count keeps: each is one long in the compiled scenario. */
  static final int MAX_COUNT = 10_000;

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
    List<ScenarioAction> actions = actions(spec);
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
    long cooldown = cooldown(spec);
    if (errors > errorsBefore || actions == null) {
      return Optional.empty();
    }
    Origin origin = new Origin(at.file(), doc.line(), doc.column());
    return Optional.of(new Scenario(name, actions, condition, trigger, cooldown, origin));
  }

  /** {@code action}, {@code target}, {@code params}, or a list of them under {@code actions}. */
  private List<ScenarioAction> actions(Node.MapNode spec) {
    Node list = spec.get("actions");
    if (list == null || isNull(list)) {
      ScenarioAction one = action(spec, "spec");
      return one == null ? null : List.of(one);
    }
    for (String single : ACTION_KEYS) {
      if (spec.has(single)) {
        error(
            spec.get(single),
            "spec." + single,
            "a scenario has actions or action/target/params, not both: move it into an item of"
                + " actions");
      }
    }
    if (!(list instanceof Node.ListNode items) || items.items().isEmpty()) {
      error(list, "spec.actions", "must be a non-empty list of {action, target, params}");
      return null;
    }
    List<ScenarioAction> out = new ArrayList<>();
    for (int i = 0; i < items.items().size(); i++) {
      Node item = items.items().get(i);
      String field = "spec.actions[" + i + "]";
      if (!(item instanceof Node.MapNode map)) {
        error(item, field, "must be a mapping with action, target and optional params");
        continue;
      }
      unknownKeys(map, field, ACTION_KEYS);
      out.add(action(map, field));
    }
    return out.contains(null) || out.size() < items.items().size() ? null : out;
  }

  private ScenarioAction action(Node.MapNode map, String field) {
    String action = actionName(map, field + ".action");
    String target = requiredText(map, "target", field + ".target");
    Map<String, Origin> origins = new LinkedHashMap<>();
    Map<String, Object> params = params(map.get("params"), field + ".params", origins);
    if ("schedule".equals(action)) {
      scheduleParams(map.get("params"), params, field + ".params");
    }
    if (action == null || target == null) {
      return null;
    }
    return new ScenarioAction(action, target, params, origins, origin(map));
  }

  /**
   * {@code cooldown: 30s} or its other spelling {@code throttle: {once_within: 30s}}, after
   * ansible-rulebook: the same suppression, measured from the last firing.
   */
  private long cooldown(Node.MapNode spec) {
    Node throttle = spec.get("throttle");
    if (throttle == null || isNull(throttle)) {
      return duration(spec.get("cooldown"), "spec.cooldown");
    }
    if (spec.has("cooldown") && !isNull(spec.get("cooldown"))) {
      error(
          throttle,
          "spec.throttle",
          "has both cooldown and throttle, which mean the same; keep one");
      return -1;
    }
    if (!(throttle instanceof Node.MapNode map) || !map.has("once_within")) {
      error(throttle, "spec.throttle", "must be {once_within: DURATION}, e.g. {once_within: 30s}");
      return -1;
    }
    if (map.has("once_after")) {
      error(
          map.get("once_after"),
          "spec.throttle.once_after",
          "not supported: a firing is never deferred; use once_within");
      return -1;
    }
    unknownKeys(map, "spec.throttle", THROTTLE_KEYS);
    return duration(map.get("once_within"), "spec.throttle.once_within");
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

  private String actionName(Node.MapNode spec, String field) {
    String action = requiredText(spec, "action", field);
    if (action != null && !ACTIONS.contains(action)) {
      error(
          spec.get("action"),
          field,
          "unknown action '" + action + "' (use " + String.join(", ", ACTIONS) + ")");
      return null;
    }
    return action;
  }

  private String requiredText(Node.MapNode map, String key, String field) {
    Node node = map.get(key);
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      error(node == null ? map : node, field, "required");
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
    if (map.has("count")) {
      return count(map, field);
    }
    if (map.has("for") && map.entries().size() == 2) {
      return held(map, field);
    }
    if (map.entries().size() != 1) {
      error(
          map,
          field,
          "must hold exactly one of all, any, not, with an optional for (or be a condition with"
              + " signal, op, value, or a count)");
      return null;
    }
    var entry = map.entries().entrySet().iterator().next();
    String key = entry.getKey();
    String groupField = field + "." + key;
    if (!GROUP_KEYS.contains(key)) {
      error(
          entry.getValue(), groupField, "unknown group '" + key + "' (use all, any, not or count)");
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

  /** {@code {all|any|not: [...], for: 10s}}: the group held continuously that long. */
  private Condition held(Node.MapNode map, String field) {
    Map<String, Node> group = new LinkedHashMap<>(map.entries());
    Node forNode = group.remove("for");
    Condition item = when(new Node.MapNode(group, map.line(), map.column()), field);
    long held = duration(forNode, field + ".for");
    if (item == null || held < 0) {
      return null;
    }
    return held == 0 ? item : new Condition.Held(item, held, origin(forNode));
  }

  /** {@code {count: 3, within: 10s, of: CONDITION}}, optionally held {@code for} a time. */
  private Condition count(Node.MapNode map, String field) {
    unknownKeys(map, field, COUNT_KEYS);
    Node countNode = map.get("count");
    int times = 0;
    if (countNode instanceof Node.Scalar s
        && s.value() instanceof Long n
        && n >= 1
        && n <= MAX_COUNT) {
      times = n.intValue();
    } else {
      error(countNode, field + ".count", "must be a whole number from 1 to " + MAX_COUNT);
    }
    Node withinNode = map.get("within");
    long within = -1;
    if (withinNode == null || isNull(withinNode)) {
      error(map, field + ".within", "required: the window, e.g. within: 10s");
    } else {
      within = duration(withinNode, field + ".within");
      if (within == 0) {
        error(withinNode, field + ".within", "must be longer than 0");
        within = -1;
      }
    }
    Node of = map.get("of");
    Condition item = null;
    if (of == null || isNull(of)) {
      error(map, field + ".of", "required: the condition whose rising edges are counted");
    } else {
      item = when(of, field + ".of");
    }
    long held = duration(map.get("for"), field + ".for");
    if (item == null || times == 0 || within < 0 || held < 0) {
      return null;
    }
    Condition count = new Condition.Count(item, times, within, origin(countNode));
    return held == 0 ? count : new Condition.Held(count, held, origin(map.get("for")));
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

  private Map<String, Object> params(Node node, String field, Map<String, Origin> origins) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (node == null || isNull(node)) {
      return params;
    }
    if (!(node instanceof Node.MapNode map)) {
      error(node, field, "must be a mapping of names to values");
      return params;
    }
    map.entries()
        .forEach(
            (k, v) -> {
              if (v instanceof Node.Scalar s && !s.isNull()) {
                params.put(k, s.value());
                origins.put(k, origin(v));
                template(s, field + "." + k);
              } else {
                error(v, field + "." + k, "must be a number, true/false or a string");
              }
            });
    return params;
  }

  /** A text with {@code ${path}} is filled at firing: a malformed one is an error here. */
  private void template(Node.Scalar s, String field) {
    if (ParamTemplate.mayHold(s.value())) {
      try {
        ParamTemplate.parse(s.text());
      } catch (IllegalArgumentException e) {
        error(s, field, e.getMessage());
      }
    }
  }

  /**
   * A {@code schedule}'s parameters as the TIMPANI executor reads them: which Schedule (else the
   * Package's), which task (else every one), and period, runtime, deadline as whole µs. Anything
   * else would be ignored by the executor, so it is an error here.
   */
  private void scheduleParams(Node node, Map<String, Object> params, String field) {
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
                    field + ".tasks",
                    "a scenario cannot name PIDs: the executor finds each task by its process name"
                        + " (comm) among the Package's containers");
              } else if (!SCHEDULE_PARAMS.contains(k)) {
                error(
                    v,
                    field + "." + k,
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
                    field + "." + k,
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
