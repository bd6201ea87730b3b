package io.piccolo.connectors.store;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.engine.rulebase.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applying and deleting artifacts, all or nothing, for every entry point alike ({@code piccolo
 * apply} and {@code delete}, the HTTP API): documents are read and checked together, references are
 * checked against the store, and only then is anything written.
 */
public final class ArtifactChanges {
  private ArtifactChanges() {}

  /** One source of documents: a file, or a request body, and how messages name it. */
  public record Source(String name, String text) {}

  /**
   * Every document of every source, checked.
   *
   * @param problems errors and warnings, each naming its source, line and field; any error means
   *     nothing may be stored
   */
  public record Checked(List<Artifact> artifacts, List<Problem> problems) {
    public boolean hasErrors() {
      return problems.stream().anyMatch(Problem::isError);
    }
  }

  /** What an apply did: the stored versions, or the problems that stopped it (nothing stored). */
  public record Applied(List<StoredArtifact> stored, List<Problem> problems) {}

  /** Reads and checks every source; a source with no storable artifact is an error. */
  public static Checked read(List<Source> sources) {
    List<Artifact> artifacts = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Source source : sources) {
      ArtifactFile.Content content = ArtifactFile.read(source.name(), source.text());
      artifacts.addAll(content.artifacts());
      problems.addAll(content.problems());
      if (content.artifacts().isEmpty() && !content.hasErrors()) {
        problems.add(
            Problem.error(
                source.name(),
                1,
                1,
                "holds no artifact to store: each document needs a kind, one of "
                    + String.join(", ", ArtifactFile.PULLPIRI_KINDS.stream().sorted().toList())
                    + (content.notes().isEmpty() ? "" : " (" + notes(content) + ")")));
      }
    }
    problems.addAll(duplicates(artifacts));
    return new Checked(artifacts, problems);
  }

  /** Stores checked artifacts if their references hold; nothing is stored otherwise. */
  public static Applied apply(Checked checked, StateStore store) throws StoreException {
    if (checked.hasErrors()) {
      return new Applied(List.of(), checked.problems());
    }
    List<Problem> missing = References.check(checked.artifacts(), store);
    if (!missing.isEmpty()) {
      return new Applied(List.of(), missing);
    }
    return new Applied(store.apply(checked.artifacts()), List.of());
  }

  /**
   * What a delete did: the refs that were stored and are now gone, or, when {@code dangling} is not
   * empty, nothing deleted because stored artifacts still name some of them.
   */
  public record Deleted(List<ArtifactRef> deleted, List<String> dangling) {
    public boolean refused() {
      return !dangling.isEmpty();
    }

    /** One line for a refusal: who names what, and what to do. */
    public String refusal() {
      return "nothing was deleted: "
          + String.join("; ", dangling)
          + "; delete or change those first, or delete them together";
    }
  }

  /** Deletes the refs, or none of them when a stored artifact not deleted with them names one. */
  public static Deleted delete(List<ArtifactRef> refs, StateStore store) throws StoreException {
    List<String> dangling = References.dangling(refs, store);
    if (!dangling.isEmpty()) {
      return new Deleted(List.of(), dangling);
    }
    return new Deleted(store.delete(refs), List.of());
  }

  /** The references of checked artifacts, for a delete. */
  public static List<ArtifactRef> refs(Checked checked) {
    return checked.artifacts().stream().map(a -> new ArtifactRef(a.kind(), a.name())).toList();
  }

  /** The reader's remarks about what it skipped, without their {@code file:line:} prefix. */
  private static String notes(ArtifactFile.Content content) {
    return String.join(
        "; ", content.notes().stream().map(n -> n.replaceFirst("^.*?: note: ", "")).toList());
  }

  private static List<Problem> duplicates(List<Artifact> artifacts) {
    Map<String, Artifact> seen = new HashMap<>();
    List<Problem> out = new ArrayList<>();
    for (Artifact a : artifacts) {
      Artifact first = seen.putIfAbsent(a.key(), a);
      if (first != null) {
        out.add(
            Problem.error(
                a.origin().file(),
                a.origin().line(),
                1,
                a.key() + " is defined twice in this apply (first at " + first.origin() + ")"));
      }
    }
    return out;
  }
}
