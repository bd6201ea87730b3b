package io.piccolo.connectors.store;

import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stored Scenario artifacts as engine scenarios, again after every change: what an evaluator
 * watches so an applied Scenario takes effect without a restart.
 */
public final class ScenarioFeed {
  private ScenarioFeed() {}

  /**
   * @param scenarios told the whole current set of valid scenarios
   * @param unreadable told, each time the set is read, about every stored document that no longer
   *     reads as a scenario (written by another tool, or by an older or newer PICCOLO): it is left
   *     out of the set, and the message names its key and first error
   */
  public static StateStore.Watch follow(
      StateStore store, Consumer<List<Scenario>> scenarios, Consumer<String> unreadable)
      throws StoreException {
    return store.watch("Scenario", stored -> scenarios.accept(read(stored, unreadable)));
  }

  static List<Scenario> read(List<StoredArtifact> stored, Consumer<String> unreadable) {
    List<Scenario> out = new ArrayList<>();
    for (StoredArtifact a : stored) {
      ArtifactFile.Content content = ArtifactFile.read(a.key(), ArtifactYaml.yaml(a.document()));
      if (content.scenarios().isEmpty()) {
        String why =
            content.problems().stream()
                .filter(Problem::isError)
                .map(Problem::toString)
                .findFirst()
                .orElse(a.key() + ": not a scenario");
        unreadable.accept("stored " + a.key() + " is left out: " + why);
      }
      out.addAll(content.scenarios());
    }
    return out;
  }
}
