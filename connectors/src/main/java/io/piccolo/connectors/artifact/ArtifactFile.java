package io.piccolo.connectors.artifact;

import io.piccolo.connectors.artifact.schema.ArtifactSchemas;
import io.piccolo.connectors.artifact.schema.ShapeCheck;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.Trees;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.connectors.yaml.YamlException;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a Pullpiri artifact file: several YAML documents of any kind, each checked against its
 * kind's shape. Scenarios also become engine scenarios.
 */
public final class ArtifactFile {
  static final Set<String> PULLPIRI_KINDS =
      Set.of("Scenario", "Package", "Model", "Volume", "Network", "Policy", "Schedule", "Node");

  /**
   * What one file held.
   *
   * @param artifacts every valid document, in file order
   * @param notes one-line remarks that are neither errors nor warnings
   */
  public record Content(
      List<Artifact> artifacts,
      List<Scenario> scenarios,
      Set<String> packages,
      List<Problem> problems,
      List<String> notes) {

    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  private final String file;
  private final List<Artifact> artifacts = new ArrayList<>();
  private final List<Scenario> scenarios = new ArrayList<>();
  private final Set<String> packages = new LinkedHashSet<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Integer> otherKinds = new TreeMap<>();

  private ArtifactFile(String file) {
    this.file = file;
  }

  /**
   * @param file the name messages use
   */
  public static Content read(String file, String text) {
    ArtifactFile reader = new ArtifactFile(file);
    reader.readAll(text);
    return new Content(
        reader.artifacts, reader.scenarios, reader.packages, reader.problems, reader.notes);
  }

  private void readAll(String text) {
    List<YamlDocuments.Document> documents;
    try {
      documents = YamlDocuments.parse(PullpiriSeparators.normalise(file, text, problems));
    } catch (YamlException e) {
      problems.add(Problem.error(file, e.line(), e.column(), "invalid YAML: " + e.getMessage()));
      return;
    }
    for (YamlDocuments.Document doc : documents) {
      readDocument(doc);
    }
    if (!otherKinds.isEmpty()) {
      notes.add(otherKindsNote());
    }
  }

  private void readDocument(YamlDocuments.Document doc) {
    String where = "document " + doc.index();
    if (!(doc.root() instanceof Node.MapNode map)) {
      new Located(file, where, problems)
          .error(doc.root(), "", "must be a mapping with kind, metadata and spec");
      return;
    }
    String kind = text(map.get("kind"));
    String name = map.get("metadata") instanceof Node.MapNode meta ? text(meta.get("name")) : null;
    if (kind == null && map.has("nodes")) {
      notes.add(
          file
              + ":"
              + doc.line()
              + ": note: a TIMPANI node configuration, not an artifact; skipped");
      return;
    }
    Located at = new Located(file, where + label(kind, name), problems);
    if (kind == null) {
      at.error(map, "kind", "required (one of " + String.join(", ", sorted(PULLPIRI_KINDS)) + ")");
      return;
    }
    if (!PULLPIRI_KINDS.contains(kind)) {
      at.warning(map.get("kind"), "kind", "unknown kind '" + kind + "', ignored");
      return;
    }
    int before = errorCount();
    new ShapeCheck(at).check(map, ArtifactSchemas.document(kind), "");
    if ("Schedule".equals(kind)) {
      ScheduleCheck.check(map.get("spec"), at);
    }
    if ("Scenario".equals(kind) && name != null) {
      new ScenarioReader(at).read(name, map).ifPresent(scenarios::add);
    }
    if (errorCount() > before) {
      return;
    }
    artifacts.add(
        new Artifact(kind, name, Trees.toJson(map), new Origin(file, doc.line(), 1), map));
    if ("Package".equals(kind)) {
      packages.add(name);
    }
    if (!"Scenario".equals(kind)) {
      otherKinds.merge(kind, 1, Integer::sum);
    }
  }

  private int errorCount() {
    return (int) problems.stream().filter(Problem::isError).count();
  }

  /** One line per file, so a folder of workload definitions does not drown the output. */
  private String otherKindsNote() {
    StringBuilder kinds = new StringBuilder();
    otherKinds.forEach(
        (kind, n) ->
            kinds.append(kinds.length() == 0 ? "" : ", ").append(n).append(' ').append(kind));
    return file
        + ": note: read "
        + kinds
        + " artifact(s); only Scenarios take part in rules and simulation for now";
  }

  /** " (Scenario x)" for messages, with whatever of the two is known. */
  private static String label(String kind, String name) {
    if (kind == null && name == null) {
      return "";
    }
    return " (" + (kind == null ? "?" : kind) + (name == null ? "" : " " + name) + ")";
  }

  private static List<String> sorted(Set<String> kinds) {
    return kinds.stream().sorted().toList();
  }

  private static String text(Node node) {
    return node instanceof Node.Scalar s && !s.isNull() && !s.text().isBlank() ? s.text() : null;
  }
}
