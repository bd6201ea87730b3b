package io.piccolo.simulator.spec;

import io.piccolo.adapters.dryrun.Failing;
import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.scenario.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a case's {@code given}: a list of items, each a mapping of fact types (or {@code failing})
 * to one entry or a list of them, with an optional {@code at} for its facts (default: the start).
 * One item may stand without the list, so {@code given: {failing: [...]}} reads as before. Every
 * problem is kept, with its line and the field's path.
 */
final class GivenReader {
  static final String FAILING = "failing";
  static final String AT = "at";
  static final Set<String> FAILING_KEYS = Set.of("action", "target", "reason");

  /** What a case's {@code given} says: actions the dry run fails, and facts to seed. */
  record Givens(List<Failing> failing, List<SeededFact> facts) {
    static final Givens NONE = new Givens(List.of(), List.of());
  }

  private final Path file;
  private final List<String> problems;
  private final List<Failing> failing = new ArrayList<>();
  private final List<SeededFact> facts = new ArrayList<>();

  private GivenReader(Path file, List<String> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The givens of a case; what is wrong goes to {@code problems}. */
  static Givens read(Path file, Node given, List<String> problems) {
    if (given == null || given instanceof Node.Scalar s && s.isNull()) {
      return Givens.NONE;
    }
    GivenReader reader = new GivenReader(file, problems);
    if (given instanceof Node.MapNode item) {
      reader.item(item);
    } else if (given instanceof Node.ListNode list) {
      for (Node item : list.items()) {
        if (item instanceof Node.MapNode map) {
          reader.item(map);
        } else {
          reader.problem(item, "given: each item is a mapping such as " + EXAMPLE);
        }
      }
    } else {
      reader.problem(given, "given: a list of items such as " + EXAMPLE);
    }
    reader.facts.sort(Comparator.comparingLong(SeededFact::atMillis)); // stable: spec order
    return new Givens(List.copyOf(reader.failing), List.copyOf(reader.facts));
  }

  private static final String EXAMPLE =
      "{at: 2s, PackageState: {name: rear-camera, state: degraded}}";

  private void item(Node.MapNode item) {
    long at = 0;
    Node atNode = item.get(AT);
    if (atNode != null) {
      Long read = time(atNode);
      if (read == null) {
        return;
      }
      at = read;
    }
    if (item.entries().size() == (atNode == null ? 0 : 1)) {
      problem(item, "given: an item names a fact type or failing, e.g. " + EXAMPLE);
    }
    for (var e : item.entries().entrySet()) {
      String key = e.getKey();
      if (key.equals(AT)) {
        continue;
      }
      if (key.equals(FAILING)) {
        if (at > 0) {
          problem(
              atNode,
              "given.at: failing holds for the whole run (the dry run fails every such request,"
                  + " whenever it comes); give it in an item without at, or, for a failure from a"
                  + " time on, seed {at: T, ActionResult: {action, target, outcome: failed}}");
        }
        entries(e.getValue(), "given.failing", this::failingEntry);
        continue;
      }
      GivenKind kind = GivenKind.named(key);
      if (kind == null) {
        List<String> known = new ArrayList<>(GivenKind.factTypes());
        known.add(FAILING);
        problem(
            e.getValue(),
            "given: unknown fact type '"
                + key
                + "'"
                + DidYouMean.hint(key, known)
                + " (known: "
                + String.join(", ", known)
                + ", and at)");
        continue;
      }
      long time = at;
      entries(e.getValue(), "given." + key, entry -> fact(kind, entry, time));
    }
  }

  private interface EntryReader {
    void read(Node.MapNode entry);
  }

  /** One entry, or a list of them. */
  private void entries(Node node, String path, EntryReader reader) {
    List<Node> items = node instanceof Node.ListNode list ? list.items() : List.of(node);
    for (Node n : items) {
      if (n instanceof Node.MapNode entry) {
        reader.read(entry);
      } else {
        problem(n, path + ": an entry is a mapping of its fields, e.g. " + example(path));
      }
    }
  }

  private static String example(String path) {
    return path.equals("given.failing")
        ? "{action: launch, target: rear-camera, reason: no camera}"
        : "{name: rear-camera, state: degraded}";
  }

  private void failingEntry(Node.MapNode entry) {
    int before = problems.size();
    for (var e : entry.entries().entrySet()) {
      if (!FAILING_KEYS.contains(e.getKey())) {
        unknownField(e.getKey(), e.getValue(), "given.failing", FAILING_KEYS);
      }
    }
    String action = text(entry, "action", "given.failing", true);
    String target = text(entry, "target", "given.failing", false);
    String reason = text(entry, "reason", "given.failing", false);
    if (problems.size() == before) {
      failing.add(new Failing(action, target, reason != null ? reason : Failing.DEFAULT_REASON));
    }
  }

  private void fact(GivenKind kind, Node.MapNode entry, long at) {
    int before = problems.size();
    String path = "given." + kind.factType;
    Map<String, Object> fields = new LinkedHashMap<>();
    for (var e : entry.entries().entrySet()) {
      GivenKind.Field field = kind.fields.get(e.getKey());
      if (field == null) {
        unknownField(e.getKey(), e.getValue(), path, kind.fields.keySet());
        continue;
      }
      Object value = value(field, e.getValue(), path + "." + field.name());
      if (value != null) {
        fields.put(field.name(), value);
      }
    }
    for (GivenKind.Field f : kind.fields.values()) {
      if (f.required() && !entry.has(f.name())) {
        problem(
            entry,
            path
                + "."
                + f.name()
                + ": required ("
                + kind.factType
                + " has "
                + fieldList(kind)
                + ")");
      }
    }
    if (problems.size() == before) {
      GivenKind.Values values = new GivenKind.Values(fields, entry.line(), at);
      facts.add(new SeededFact(at, kind, kind.key(values), kind.fact(values), entry.line()));
    }
  }

  private static String fieldList(GivenKind kind) {
    return String.join(
        ", ",
        kind.fields.values().stream().map(f -> f.name() + (f.required() ? "" : "?")).toList());
  }

  private Object value(GivenKind.Field field, Node node, String path) {
    Object v = node instanceof Node.Scalar s ? s.value() : null;
    Object read =
        switch (field.type()) {
          case TEXT -> v == null || v.toString().isBlank() ? null : v.toString();
          case OUTCOME -> "succeeded".equals(v) || "failed".equals(v) ? v : null;
          case NUMBER -> v instanceof Number n ? (Object) n.doubleValue() : null;
          case WHOLE -> v instanceof Long l && l >= 0 ? l : null;
          case FLAG -> v instanceof Boolean ? v : null;
          case TEXTS -> texts(node);
        };
    if (read == null) {
      problem(node, path + ": must be " + field.type().expected + shown(node));
    }
    return read;
  }

  private static List<String> texts(Node node) {
    if (!(node instanceof Node.ListNode list)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Node item : list.items()) {
      if (!(item instanceof Node.Scalar s) || s.isNull()) {
        return null;
      }
      out.add(s.text());
    }
    return out;
  }

  private static String shown(Node node) {
    if (node instanceof Node.Scalar s) {
      return s.isNull() ? ", not empty" : ", not '" + s.text() + "'";
    }
    return node instanceof Node.ListNode ? ", not a list" : ", not a mapping";
  }

  private String text(Node.MapNode map, String key, String path, boolean required) {
    Node node = map.get(key);
    if (node == null) {
      if (required) {
        problem(map, path + ": " + key + " is required (e.g. " + key + ": launch)");
      }
      return null;
    }
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      problem(node, path + ": " + key + " must be a value");
      return null;
    }
    return s.text();
  }

  private void unknownField(String key, Node at, String path, Set<String> known) {
    problem(
        at,
        path
            + ": unknown field '"
            + key
            + "'"
            + DidYouMean.hint(key, known)
            + " (known: "
            + String.join(", ", known.stream().sorted().toList())
            + ")");
  }

  /** Seconds ({@code 2.5}) or a duration ({@code 2500ms}, {@code 2.5s}, {@code 1m}). */
  private Long time(Node node) {
    if (node instanceof Node.Scalar s && s.value() instanceof String text) {
      try {
        return Durations.parseMillis(text);
      } catch (IllegalArgumentException e) {
        problem(node, "given.at: " + e.getMessage() + ", or seconds (2.5)");
        return null;
      }
    }
    try {
      return SpecFile.millis(file, node);
    } catch (SpecException e) {
      problems.add(e.getMessage().replaceFirst(": must be", ": given.at: must be"));
      return null;
    }
  }

  private void problem(Node at, String message) {
    problems.add(file + ":" + at.line() + ":" + at.column() + ": " + message);
  }
}
