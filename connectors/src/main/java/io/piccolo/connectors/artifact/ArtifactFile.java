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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a Pullpiri artifact file: several YAML documents of any kind, each checked against its
 * kind's shape. Scenarios also become engine scenarios.
 */
public final class ArtifactFile {
  /** Pullpiri's artifact kinds. */
  public static final Set<String> PULLPIRI_KINDS =
      Set.of("Scenario", "Package", "Model", "Volume", "Network", "Policy", "Schedule", "Node");

  /**
   * A kind as the resource API writes it: lower-case plural ({@code scenarios}, {@code policies}).
   */
  public static String plural(String kind) {
    String lower = kind.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }

  /**
   * What one file held.
   *
   * @param artifacts every valid document, in file order
   * @param problemsForRules the problems as rules see them: an invalid Package or Model does not
   *     stop a simulation, so errors in documents other than Scenarios are warnings there ({@code
   *     apply} still rejects them)
   * @param notes one-line remarks that are neither errors nor warnings
   */
  public record Content(
      List<Artifact> artifacts,
      List<Scenario> scenarios,
      List<Problem> problems,
      List<Problem> problemsForRules,
      List<String> notes) {

    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  private final String file;
  private final List<Artifact> artifacts = new ArrayList<>();
  private final List<Scenario> scenarios = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> problemsForRules = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Integer> otherKinds = new TreeMap<>();

  private final boolean strict;

  private ArtifactFile(String file, boolean strict) {
    this.file = file;
    this.strict = strict;
  }

  /**
   * @param file the name messages use
   */
  public static Content read(String file, String text) {
    return read(file, text, false);
  }

  /**
   * @param strict whether a field nothing reads is an error rather than a warning
   */
  public static Content read(String file, String text, boolean strict) {
    ArtifactFile reader = new ArtifactFile(file, strict);
    reader.readAll(text);
    return new Content(
        reader.artifacts, reader.scenarios, reader.problems, reader.problemsForRules, reader.notes);
  }

  private void readAll(String text) {
    List<YamlDocuments.Document> documents;
    try {
      List<Problem> found = new ArrayList<>();
      documents = YamlDocuments.parse(PullpiriSeparators.normalise(file, text, found));
      record(found, true);
    } catch (YamlException e) {
      record(
          List.of(Problem.error(file, e.line(), e.column(), "invalid YAML: " + e.getMessage())),
          true);
      return;
    }
    for (YamlDocuments.Document doc : documents) {
      List<Problem> found = new ArrayList<>();
      List<Problem> identity = new ArrayList<>();
      String kind = readDocument(doc, found, identity);
      record(found, kind == null || kind.equals("Scenario"));
      record(identity, true); // a kind or name that cannot be stored is an error everywhere
    }
    if (!otherKinds.isEmpty()) {
      notes.add(otherKindsNote());
    }
  }

  private void record(List<Problem> found, boolean mattersToRules) {
    problems.addAll(found);
    for (Problem p : found) {
      problemsForRules.add(
          mattersToRules || !p.isError()
              ? p
              : Problem.warning(
                  p.file(), p.line(), p.column(), p.message() + " (piccolo apply rejects this)"));
    }
  }

  /**
   * Reads one document into {@code found}, and problems with its kind or name into {@code
   * identity}; returns its kind (the one meant, for a wrongly cased one), or null when it has none.
   */
  private String readDocument(
      YamlDocuments.Document doc, List<Problem> found, List<Problem> identity) {
    String where = "document " + doc.index();
    if (!(doc.root() instanceof Node.MapNode map)) {
      new Located(file, where, found, strict)
          .error(doc.root(), "", "must be a mapping with kind, metadata and spec");
      return null;
    }
    String kind = text(map.get("kind"));
    String name = map.get("metadata") instanceof Node.MapNode meta ? text(meta.get("name")) : null;
    if (kind == null && map.has("nodes")) {
      notes.add(
          file
              + ":"
              + doc.line()
              + ": note: a TIMPANI node configuration, not an artifact; skipped");
      return null;
    }
    Located at = new Located(file, where + label(kind, name), found, strict);
    Located identityAt = new Located(file, where + label(kind, name), identity, strict);
    if (kind == null) {
      at.error(map, "kind", "required (one of " + String.join(", ", sorted(PULLPIRI_KINDS)) + ")");
      return null;
    }
    if (!PULLPIRI_KINDS.contains(kind)) {
      String meant = meantKind(kind);
      if (meant != null) {
        identityAt.error(
            map.get("kind"), "kind", "'" + kind + "' is not a kind; did you mean '" + meant + "'?");
        return meant;
      }
      at.warning(map.get("kind"), "kind", "unknown kind '" + kind + "', ignored");
      return kind;
    }
    checkName(map, identityAt);
    new ShapeCheck(at).check(map, ArtifactSchemas.document(kind), "");
    if ("Schedule".equals(kind)) {
      ScheduleCheck.check(map.get("spec"), at);
    }
    if ("Network".equals(kind)) {
      NetworkCheck.check(map.get("spec"), at);
    }
    if ("Scenario".equals(kind) && name != null) {
      new ScenarioReader(at).read(name, map).ifPresent(scenarios::add);
    }
    if (found.stream().anyMatch(Problem::isError) || !identity.isEmpty()) {
      return kind;
    }
    artifacts.add(
        new Artifact(kind, name, Trees.toJson(map), new Origin(file, doc.line(), 1), map));
    if (!"Scenario".equals(kind)) {
      otherKinds.merge(kind, 1, Integer::sum);
    }
    return kind;
  }

  /** A name the store can key on; an absent one is the shape check's to report. */
  private static void checkName(Node.MapNode doc, Located at) {
    if (doc.get("metadata") instanceof Node.MapNode meta
        && meta.get("name") instanceof Node.Scalar name
        && !name.isNull()) {
      ArtifactNames.problem(name.text())
          .ifPresent(problem -> at.error(name, "metadata.name", problem));
    }
  }

  private static String meantKind(String kind) {
    return PULLPIRI_KINDS.stream().filter(k -> k.equalsIgnoreCase(kind)).findFirst().orElse(null);
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
    String shown =
        name == null || ArtifactNames.problem(name).isEmpty() ? name : ArtifactNames.quoted(name);
    return " (" + (kind == null ? "?" : kind) + (shown == null ? "" : " " + shown) + ")";
  }

  private static List<String> sorted(Set<String> kinds) {
    return kinds.stream().sorted().toList();
  }

  private static String text(Node node) {
    return node instanceof Node.Scalar s && !s.isNull() && !s.text().isBlank() ? s.text() : null;
  }
}
