package io.piccolo.simulator.spec;

import io.piccolo.connectors.text.DidYouMean;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads {@code *.spec.yaml} files; each YAML document is one case. Rules and trace files are found
 * relative to the spec; without {@code rules}, every rule file in the spec's folder is used.
 */
public final class SpecFile {
  static final Set<String> KEYS =
      Set.of(
          "name",
          "rules",
          "trace",
          "until",
          "default_decision",
          "given",
          "expect",
          "match",
          "never_fired",
          "fired",
          "suppressed");

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
    String text;
    try {
      text = TextFiles.readUtf8(file, maxBytes, "limits.text-file-size");
    } catch (TextFiles.UnreadableText e) {
      throw new SpecException(e.getMessage());
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read: " + e.getMessage());
    }
    return read(file, text);
  }

  /** As {@link #read(Path, long)}, with the file holding {@code text}: an editor's unsaved copy. */
  public static List<SpecCase> read(Path file, String text) throws SpecException {
    String name = file.toString();
    List<YamlDocuments.Document> docs;
    try {
      docs = YamlDocuments.parse(text);
    } catch (YamlException e) {
      throw new SpecException(
          name + ":" + e.line() + ":" + e.column() + ": invalid YAML: " + e.getMessage());
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
                        + "'"
                        + DidYouMean.hint(key, KEYS)
                        + " (known: "
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
    ExpectReader expectations = new ExpectReader(file, problems);
    List<ExpectedAction> expect = expectations.actions(map.get("expect"), map);
    Match match = expectations.match(map.get("match"));
    List<String> neverFired = read(problems, () -> names(file, map.get("never_fired")));
    Map<String, Long> fired = expectations.counts(map.get("fired"), "fired");
    Map<String, Long> suppressed = expectations.counts(map.get("suppressed"), "suppressed");
    GivenReader.Givens given = GivenReader.read(file, map.get("given"), problems);
    if (until != null) {
      for (SeededFact f : given.facts()) {
        if (f.atMillis() > until) {
          problems.add(
              file
                  + ":"
                  + f.line()
                  + ": given "
                  + f.kind().factType
                  + " at "
                  + f.atMillis() / 1000.0
                  + " s is after until ("
                  + until / 1000.0
                  + " s): it would never reach the session");
        }
      }
    }
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
        match,
        neverFired,
        fired,
        suppressed,
        given.failing(),
        given.facts());
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
    List<String> missing = new ArrayList<>();
    for (Node item : items) {
      Path rule = dir.resolve(((Node.Scalar) item).text()).normalize();
      if (!Files.exists(rule)) {
        missing.add(error(file, item, "rules: no such file or folder: " + rule).getMessage());
      }
      out.add(rule);
    }
    if (!missing.isEmpty()) {
      throw new SpecException(String.join("\n", missing));
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

  static long millis(Path file, Node node) throws SpecException {
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
