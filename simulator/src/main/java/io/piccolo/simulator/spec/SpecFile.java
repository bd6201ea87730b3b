package io.piccolo.simulator.spec;

import io.piccolo.adapters.dryrun.Failing;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.connectors.yaml.YamlException;
import io.piccolo.simulator.trace.Trace;
import io.piccolo.simulator.trace.TraceFormatException;
import io.piccolo.simulator.trace.TraceReader;
import io.piccolo.simulator.trace.TraceSource;
import io.piccolo.simulator.trace.TraceTimes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads {@code *.spec.yaml} files; each YAML document is one case. Rules and trace files are found
 * relative to the spec; without {@code rules}, every rule file in the spec's folder is used.
 */
public final class SpecFile {
  private static final Set<String> KEYS =
      Set.of(
          "name", "rules", "trace", "until", "default_decision", "given", "expect", "never_fired");
  static final Set<String> GIVEN_KEYS = Set.of("failing");
  static final Set<String> FAILING_KEYS = Set.of("action", "target", "reason");
  static final Set<String> EXPECT_KEYS =
      Set.of("time", "scenario", "rule", "action", "target", "decision", "decided_by", "reason");

  private SpecFile() {}

  /** Spec files under the given paths (folders searched recursively), in name order. */
  public static List<Path> find(List<Path> paths) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.getFileName().toString().endsWith(".spec.yaml"))
              .sorted()
              .forEach(found::add);
        }
      } else if (Files.exists(p) && !p.getFileName().toString().endsWith(".spec.yaml")) {
        throw new IOException(
            p
                + ": not a spec: spec files are named *.spec.yaml (to check rule files, use rules"
                + " check)");
      } else if (Files.exists(p)) {
        found.add(p);
      } else {
        throw new IOException(p + ": no such file or folder");
      }
    }
    return found;
  }

  /**
   * Every case of a spec file; a case that cannot be read stands in the list as its error, so the
   * other cases still run.
   *
   * @throws SpecException when the file as a whole cannot be read
   */
  public static List<SpecCase> read(Path file, long maxBytes) throws SpecException {
    String name = file.toString();
    List<YamlDocuments.Document> docs;
    try {
      docs = YamlDocuments.parse(TextFiles.readUtf8(file, maxBytes, "limits.text-file-size"));
    } catch (YamlException e) {
      throw new SpecException(
          name + ":" + e.line() + ":" + e.column() + ": invalid YAML: " + e.getMessage());
    } catch (TextFiles.UnreadableText e) {
      throw new SpecException(e.getMessage());
    } catch (IOException e) {
      throw new SpecException(name + ": cannot read: " + e.getMessage());
    }
    List<SpecCase> cases = new ArrayList<>();
    for (YamlDocuments.Document doc : docs) {
      String label = caseName(file, doc);
      try {
        cases.add(new SpecCase(label, file.toString(), doc.line(), readCase(file, doc), null));
      } catch (SpecException e) {
        cases.add(new SpecCase(label, file.toString(), doc.line(), null, e.getMessage()));
      }
    }
    return cases;
  }

  /** Reads one field of a case; what it throws is kept, so one run reports every problem. */
  private interface Field<T> {
    T read() throws SpecException;
  }

  private static <T> T read(List<String> problems, Field<T> field) {
    try {
      return field.read();
    } catch (SpecException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /**
   * @throws SpecException listing every problem of the case, one per line
   */
  private static RuleSpec readCase(Path file, YamlDocuments.Document doc) throws SpecException {
    if (!(doc.root() instanceof Node.MapNode map)) {
      throw error(file, doc.root(), "a spec case must be a mapping with trace and expect");
    }
    List<String> problems = new ArrayList<>();
    for (String key : map.entries().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add(
            error(
                    file,
                    map.get(key),
                    "unknown field '"
                        + key
                        + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList())
                        + ")")
                .getMessage());
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    List<Path> rules = read(problems, () -> rules(file, dir, map.get("rules")));
    TraceSource trace = read(problems, () -> trace(file, dir, map.get("trace"), map));
    Long until = read(problems, () -> until(file, map.get("until")));
    Boolean deny = read(problems, () -> denyByDefault(file, map.get("default_decision")));
    List<Map<String, Object>> expect = read(problems, () -> expect(file, map.get("expect"), map));
    List<String> neverFired = read(problems, () -> names(file, map.get("never_fired")));
    List<Failing> failing = read(problems, () -> failing(file, map.get("given")));
    if (!problems.isEmpty()) {
      throw new SpecException(String.join("\n", problems));
    }
    return new RuleSpec(
        file.toString(),
        doc.line(),
        caseName(file, doc),
        rules,
        trace,
        until,
        deny,
        expect,
        neverFired,
        failing);
  }

  /** {@code given: {failing: [{action, target, reason}]}}: actions the dry run is to fail. */
  private static List<Failing> failing(Path file, Node given) throws SpecException {
    if (given == null || given instanceof Node.Scalar s && s.isNull()) {
      return List.of();
    }
    if (!(given instanceof Node.MapNode map)) {
      throw error(file, given, "given must be a mapping such as {failing: [{action: launch}]}");
    }
    unknownKeys(file, map, GIVEN_KEYS);
    Node list = map.get("failing");
    if (list == null || list instanceof Node.Scalar s && s.isNull()) {
      return List.of();
    }
    if (!(list instanceof Node.ListNode items)) {
      throw error(
          file,
          list,
          "given.failing must be a list such as [{action: launch, target: rear-camera, reason:"
              + " no camera}]");
    }
    List<Failing> out = new ArrayList<>();
    for (Node item : items.items()) {
      if (!(item instanceof Node.MapNode entry)) {
        throw error(
            file, item, "a failing action is a mapping such as {action: launch, target: x}");
      }
      unknownKeys(file, entry, FAILING_KEYS);
      String action = text(file, entry, "action", true);
      String target = text(file, entry, "target", false);
      String reason = text(file, entry, "reason", false);
      out.add(new Failing(action, target, reason != null ? reason : Failing.DEFAULT_REASON));
    }
    return out;
  }

  private static String text(Path file, Node.MapNode map, String key, boolean required)
      throws SpecException {
    Node node = map.get(key);
    if (node == null) {
      if (required) {
        throw error(file, map, "given.failing: " + key + " is required (e.g. " + key + ": launch)");
      }
      return null;
    }
    if (!(node instanceof Node.Scalar s) || s.isNull() || s.text().isBlank()) {
      throw error(file, node, "given.failing: " + key + " must be a value");
    }
    return s.text();
  }

  private static void unknownKeys(Path file, Node.MapNode map, Set<String> known)
      throws SpecException {
    for (var e : map.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        throw error(
            file,
            e.getValue(),
            "unknown field '"
                + e.getKey()
                + "' (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static String caseName(Path file, YamlDocuments.Document doc) {
    return doc.root() instanceof Node.MapNode map
            && map.get("name") instanceof Node.Scalar s
            && !s.isNull()
        ? s.text()
        : file.getFileName() + " #" + doc.index();
  }

  private static List<Path> rules(Path file, Path dir, Node node) throws SpecException {
    if (node == null) {
      return List.of(dir);
    }
    names(file, node); // the shape: a name or a list of names
    List<Node> items = node instanceof Node.ListNode list ? list.items() : List.of(node);
    List<Path> out = new ArrayList<>();
    for (Node item : items) {
      Path rule = dir.resolve(((Node.Scalar) item).text()).normalize();
      if (!Files.exists(rule)) {
        throw error(file, item, "rules: no such file or folder: " + rule);
      }
      out.add(rule);
    }
    return out;
  }

  /** Inline traces are read now; a trace file streams when the case runs. */
  private static TraceSource trace(Path file, Path dir, Node node, Node.MapNode parent)
      throws SpecException {
    try {
      if (node instanceof Node.Scalar s && s.value() instanceof String text) {
        if (text.contains("\n")) {
          // a block scalar starts on the line after "trace: |"
          return TraceReader.readCsv(file.toString(), text, node.line() + 1);
        }
        Path trace = dir.resolve(text);
        if (!Files.isReadable(trace) || Files.isDirectory(trace)) {
          throw error(file, node, "cannot read trace " + trace + ": no such file");
        }
        return TraceSource.file(trace);
      }
      if (node instanceof Node.ListNode list) {
        return inlineSamples(file, list);
      }
    } catch (TraceFormatException e) {
      throw new SpecException(e.getMessage());
    }
    throw error(
        file,
        node == null ? parent : node,
        "trace: required: a list of {time, path, value}, inline CSV, or a trace file name");
  }

  private static Trace inlineSamples(Path file, Node.ListNode list) throws SpecException {
    List<Trace.Sample> samples = new ArrayList<>();
    long previous = 0;
    for (Node item : list.items()) {
      if (!(item instanceof Node.MapNode m)
          || !(m.get("time") instanceof Node.Scalar t)
          || !(m.get("path") instanceof Node.Scalar p)
          || !(m.get("value") instanceof Node.Scalar v)
          || v.isNull()) {
        throw error(file, item, "trace sample must be {time: SECONDS, path: PATH, value: VALUE}");
      }
      long time = millis(file, t);
      if (time < previous) {
        throw error(file, item, "trace samples must be in time order");
      }
      previous = time;
      Object value = v.value() instanceof Long l ? (Object) l.doubleValue() : v.value();
      samples.add(new Trace.Sample(time, p.text(), value));
    }
    return Trace.of(file + " (inline trace)", samples);
  }

  private static Long until(Path file, Node node) throws SpecException {
    return node == null ? null : millis(file, node);
  }

  private static long millis(Path file, Node node) throws SpecException {
    if (node instanceof Node.Scalar s
        && s.value() instanceof Number n
        && !(n instanceof Double d && (d.isInfinite() || d.isNaN()))) {
      try {
        return TraceTimes.millis(new BigDecimal(n.toString()));
      } catch (TraceTimes.BadTime e) {
        throw error(file, node, e.getMessage());
      }
    }
    throw error(
        file,
        node,
        "must be a non-negative number of seconds, to the millisecond, at most "
            + TraceTimes.MAX_SECONDS);
  }

  private static boolean denyByDefault(Path file, Node node) throws SpecException {
    if (node == null) {
      return false;
    }
    String text = node instanceof Node.Scalar s ? s.text() : "";
    return switch (text) {
      case "deny" -> true;
      case "allow" -> false;
      default -> throw error(file, node, "default_decision must be allow or deny");
    };
  }

  private static List<Map<String, Object>> expect(Path file, Node node, Node.MapNode parent)
      throws SpecException {
    if (!(node instanceof Node.ListNode list)) {
      if (node instanceof Node.Scalar s && s.isNull()
          || node == null && parent.has("never_fired")) {
        return List.of();
      }
      throw error(
          file, node == null ? parent : node, "expect: required: a list of actions ([] for none)");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node item : list.items()) {
      if (!(item instanceof Node.MapNode m)) {
        throw error(
            file,
            item,
            "an expected action is a mapping such as {time: 5, action: launch, target: x, decision: allowed}");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (var e : m.entries().entrySet()) {
        if (!EXPECT_KEYS.contains(e.getKey())) {
          throw error(
              file,
              e.getValue(),
              "unknown field '"
                  + e.getKey()
                  + "' (known: "
                  + String.join(", ", EXPECT_KEYS.stream().sorted().toList())
                  + ")");
        }
        if (!(e.getValue() instanceof Node.Scalar value) || value.isNull()) {
          throw error(file, e.getValue(), e.getKey() + " must be a value");
        }
        Object v = e.getKey().equals("time") ? (Object) millis(file, value) : value.text();
        fields.put(e.getKey(), v);
      }
      out.add(fields);
    }
    return out;
  }

  private static List<String> names(Path file, Node node) throws SpecException {
    if (node == null) {
      return List.of();
    }
    if (node instanceof Node.Scalar s && !s.isNull()) {
      return List.of(s.text());
    }
    if (node instanceof Node.ListNode list) {
      List<String> out = new ArrayList<>();
      for (Node item : list.items()) {
        if (!(item instanceof Node.Scalar s) || s.isNull()) {
          throw error(file, item, "must be a name");
        }
        out.add(s.text());
      }
      return out;
    }
    throw error(file, node, "must be a name or a list of names");
  }

  private static SpecException error(Path file, Node at, String message) {
    return new SpecException(file + ":" + at.line() + ":" + at.column() + ": " + message);
  }
}
