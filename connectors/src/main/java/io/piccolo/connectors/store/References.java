package io.piccolo.connectors.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.rulebase.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cross-references an apply must satisfy: a Scenario's target names a Package, a Package names its
 * Models, Policy and Schedule — each in the same apply or already stored.
 */
public final class References {
  private final Set<String> applying = new HashSet<>();
  private final StateStore store;
  private final List<Problem> problems = new ArrayList<>();

  private References(List<Artifact> artifacts, StateStore store) {
    artifacts.forEach(a -> applying.add(a.key()));
    this.store = store;
  }

  public static List<Problem> check(List<Artifact> artifacts, StateStore store)
      throws StoreException {
    References refs = new References(artifacts, store);
    for (Artifact a : artifacts) {
      refs.check(a);
    }
    return refs.problems;
  }

  private void check(Artifact a) throws StoreException {
    JsonNode spec = a.document().path("spec");
    switch (a.kind()) {
      case "Scenario" -> need(a, "Package", spec.path("target").asText(null), "spec", "target");
      case "Package" -> {
        JsonNode models = spec.path("models");
        for (int i = 0; i < models.size(); i++) {
          need(a, "Model", models.get(i).path("name").asText(null), "spec", "models", i, "name");
        }
        need(a, "Policy", spec.path("policy").asText(null), "spec", "policy");
        need(a, "Schedule", spec.path("schedule").asText(null), "spec", "schedule");
      }
      default -> {}
    }
  }

  private void need(Artifact from, String kind, String name, Object... path) throws StoreException {
    if (name == null || name.isBlank()) {
      return;
    }
    ArtifactRef ref = new ArtifactRef(kind, name);
    if (applying.contains(ref.key()) || store.get(ref).isPresent()) {
      return;
    }
    Node at = locate(from.source(), path);
    String file = from.origin() == null ? "<apply>" : from.origin().file();
    int line = at != null ? at.line() : from.origin() == null ? 1 : from.origin().line();
    int column = at != null ? at.column() : 1;
    problems.add(
        Problem.error(
            file,
            line,
            column,
            from.kind()
                + " "
                + from.name()
                + ": "
                + fieldPath(path)
                + ": names "
                + kind
                + " '"
                + name
                + "', which is neither in this apply nor stored"));
  }

  /**
   * What a delete would leave dangling: each stored artifact, not deleted with them, that names one
   * of {@code deleting}, as {@code "Package helloworld is named by Scenario helloworld
   * (spec.target)"}; empty when the delete may go ahead.
   */
  public static List<String> dangling(List<ArtifactRef> deleting, StateStore store)
      throws StoreException {
    Set<String> gone = new HashSet<>();
    deleting.forEach(r -> gone.add(r.key()));
    List<String> out = new ArrayList<>();
    for (String kind : List.of("Scenario", "Package")) {
      boolean named =
          deleting.stream()
              .anyMatch(
                  r ->
                      kind.equals("Scenario")
                          ? r.kind().equals("Package")
                          : List.of("Model", "Policy", "Schedule").contains(r.kind()));
      if (!named) {
        continue;
      }
      for (StoredArtifact a : store.list(kind)) {
        if (gone.contains(new ArtifactRef(a.kind(), a.name()).key())) {
          continue;
        }
        JsonNode spec = a.document().path("spec");
        if (kind.equals("Scenario")) {
          named(a, "Package", spec.path("target"), "spec.target", gone, out);
        } else {
          JsonNode models = spec.path("models");
          for (int i = 0; i < models.size(); i++) {
            named(a, "Model", models.get(i).path("name"), "spec.models[" + i + "].name", gone, out);
          }
          named(a, "Policy", spec.path("policy"), "spec.policy", gone, out);
          named(a, "Schedule", spec.path("schedule"), "spec.schedule", gone, out);
        }
      }
    }
    return out;
  }

  private static void named(
      StoredArtifact from,
      String kind,
      JsonNode name,
      String field,
      Set<String> gone,
      List<String> out) {
    if (!name.isTextual()) {
      return;
    }
    ArtifactRef ref = new ArtifactRef(kind, name.asText());
    if (gone.contains(ref.key())) {
      out.add(
          kind
              + " "
              + ref.name()
              + " is named by "
              + from.kind()
              + " "
              + from.name()
              + " ("
              + field
              + ")");
    }
  }

  private static Node locate(Node node, Object... path) {
    for (Object step : path) {
      if (step instanceof String key && node instanceof Node.MapNode map) {
        node = map.get(key);
      } else if (step instanceof Integer i
          && node instanceof Node.ListNode list
          && i < list.items().size()) {
        node = list.items().get(i);
      } else {
        return null;
      }
    }
    return node;
  }

  private static String fieldPath(Object... path) {
    StringBuilder out = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer i) {
        out.append('[').append(i).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(step);
      }
    }
    return out.toString();
  }
}
