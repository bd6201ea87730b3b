package io.piccolo.connectors.artifact;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.connectors.yaml.YamlException;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a Pullpiri artifact file (several YAML documents of any kind). Scenarios become engine
 * scenarios; the other kinds are noted and skipped until their models exist.
 */
public final class ArtifactFile {
  static final Set<String> PULLPIRI_KINDS =
      Set.of("Scenario", "Package", "Model", "Volume", "Network", "Policy", "Schedule", "Node");

  /** What one file held. */
  public record Content(
      List<Scenario> scenarios, Set<String> packages, List<Problem> problems, List<String> notes) {}

  private ArtifactFile() {}

  /**
   * @param file the name messages use
   */
  public static Content read(String file, String text) {
    List<Scenario> scenarios = new ArrayList<>();
    Set<String> packages = new LinkedHashSet<>();
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<YamlDocuments.Document> documents;
    try {
      documents = YamlDocuments.parse(text);
    } catch (YamlException e) {
      problems.add(Problem.error(file, e.line(), e.column(), "invalid YAML: " + e.getMessage()));
      return new Content(scenarios, packages, problems, notes);
    }
    Map<String, Integer> skipped = new TreeMap<>();
    for (YamlDocuments.Document doc : documents) {
      readDocument(file, doc, scenarios, packages, problems, skipped, notes);
    }
    if (!skipped.isEmpty()) {
      notes.add(skippedNote(file, skipped));
    }
    return new Content(scenarios, packages, problems, notes);
  }

  private static void readDocument(
      String file,
      YamlDocuments.Document doc,
      List<Scenario> scenarios,
      Set<String> packages,
      List<Problem> problems,
      Map<String, Integer> skipped,
      List<String> notes) {
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
    if (name == null) {
      at.error(
          map.get("metadata") == null ? map : map.get("metadata"), "metadata.name", "required");
      return;
    }
    switch (kind) {
      case "Scenario" -> new ScenarioReader(at).read(name, map).ifPresent(scenarios::add);
      case "Package" -> {
        packages.add(name);
        skipped.merge(kind, 1, Integer::sum);
      }
      default -> {
        if (PULLPIRI_KINDS.contains(kind)) {
          skipped.merge(kind, 1, Integer::sum);
        } else {
          at.warning(map.get("kind"), "kind", "unknown kind '" + kind + "', ignored");
        }
      }
    }
  }

  /** One line per file, so a folder of workload definitions does not drown the output. */
  private static String skippedNote(String file, Map<String, Integer> skipped) {
    StringBuilder kinds = new StringBuilder();
    skipped.forEach(
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
