package io.piccolo.connectors.store;

import io.piccolo.connectors.artifact.ArtifactFile;
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
   * @param scenarios told the whole current set of valid scenarios; a stored document that no
   *     longer reads as a scenario is left out
   */
  public static StateStore.Watch follow(StateStore store, Consumer<List<Scenario>> scenarios)
      throws StoreException {
    return store.watch("Scenario", stored -> scenarios.accept(read(stored)));
  }

  static List<Scenario> read(List<StoredArtifact> stored) {
    List<Scenario> out = new ArrayList<>();
    for (StoredArtifact a : stored) {
      out.addAll(ArtifactFile.read(a.key(), ArtifactYaml.yaml(a.document())).scenarios());
    }
    return out;
  }
}
