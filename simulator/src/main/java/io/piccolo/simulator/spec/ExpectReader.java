package io.piccolo.simulator.spec;

import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.yaml.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a case expects: {@code expect} (actions), {@code match}, {@code fired} and {@code
 * suppressed} (counts by rule or scenario name). Every problem is kept, with its line.
 */
final class ExpectReader {
  static final Set<String> EXPECT_KEYS =
      Set.of(
          "time",
          "scenario",
          "rule",
          "action",
          "target",
          "decision",
          "decided_by",
          "reason",
          "params");

  private final Path file;
  private final List<String> problems;

  ExpectReader(Path file, List<String> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The expected actions; null when the case checks none (it has {@code never_fired} only). */
  List<ExpectedAction> actions(Node node, Node.MapNode parent) {
    if (!(node instanceof Node.ListNode list)) {
      if (node instanceof Node.Scalar s && s.isNull()) {
        return List.of();
      }
      if (node == null
          && (parent.has("never_fired") || parent.has("fired") || parent.has("suppressed"))) {
        return null;
      }
      problem(node == null ? parent : node, "expect: required: a list of actions ([] for none)");
      return List.of();
    }
    List<ExpectedAction> out = new ArrayList<>();
    for (Node item : list.items()) {
      if (!(item instanceof Node.MapNode m)) {
        problem(
            item,
            "an expected action is a mapping such as {time: 5, action: launch, target: x,"
                + " decision: allowed}");
        continue;
      }
      ExpectedAction action = action(m);
      if (action != null) {
        out.add(action);
      }
    }
    return out;
  }

  private ExpectedAction action(Node.MapNode m) {
    int before = problems.size();
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> params = null;
    for (var e : m.entries().entrySet()) {
      String key = e.getKey();
      if (!EXPECT_KEYS.contains(key)) {
        problem(
            e.getValue(),
            "unknown field '"
                + key
                + "'"
                + DidYouMean.hint(key, EXPECT_KEYS)
                + " (known: "
                + String.join(", ", EXPECT_KEYS.stream().sorted().toList())
                + ")");
      } else if (key.equals("params")) {
        params = params(e.getValue());
      } else if (!(e.getValue() instanceof Node.Scalar value) || value.isNull()) {
        problem(e.getValue(), key + " must be a value");
      } else if (key.equals("time")) {
        try {
          fields.put(key, SpecFile.millis(file, value));
        } catch (SpecException ex) {
          problems.add(ex.getMessage());
        }
      } else {
        fields.put(key, value.text());
      }
    }
    return problems.size() == before ? new ExpectedAction(fields, params, m.line()) : null;
  }

  /** {@code params: {name: value}}: the action's params, exactly ({@code {}} for none). */
  private Map<String, Object> params(Node node) {
    if (!(node instanceof Node.MapNode map)) {
      problem(
          node, "params must be a mapping of names to values, e.g. {level: high} ({} for none)");
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (var e : map.entries().entrySet()) {
      if (!(e.getValue() instanceof Node.Scalar s) || s.isNull()) {
        problem(e.getValue(), "params." + e.getKey() + " must be a value");
      } else {
        out.put(e.getKey(), s.value());
      }
    }
    return out;
  }

  /** {@code match: exact|unordered|contains}, exact by default. */
  Match match(Node node) {
    if (node == null) {
      return Match.EXACT;
    }
    String text = node instanceof Node.Scalar s ? s.text() : "";
    for (Match m : Match.values()) {
      if (m.word().equals(text)) {
        return m;
      }
    }
    problem(
        node,
        "match must be exact (these actions in output order), unordered (in any order) or"
            + " contains (at least these)");
    return Match.EXACT;
  }

  /** {@code fired: {name: count}} or {@code suppressed: {...}}: counts by rule or scenario name. */
  Map<String, Long> counts(Node node, String key) {
    if (node == null || node instanceof Node.Scalar s && s.isNull()) {
      return Map.of();
    }
    if (!(node instanceof Node.MapNode map)) {
      problem(
          node,
          key + " must be a mapping of rule or scenario names to counts, e.g. {video-on-play: 2}");
      return Map.of();
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (var e : map.entries().entrySet()) {
      if (e.getValue() instanceof Node.Scalar s && s.value() instanceof Long n && n >= 0) {
        out.put(e.getKey(), n);
      } else {
        problem(e.getValue(), key + "." + e.getKey() + " must be a whole number, at least 0");
      }
    }
    return out;
  }

  private void problem(Node at, String message) {
    problems.add(file + ":" + at.line() + ":" + at.column() + ": " + message);
  }
}
