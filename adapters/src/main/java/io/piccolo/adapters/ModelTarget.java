package io.piccolo.adapters;

import io.piccolo.connectors.store.StoredArtifact;

/**
 * A Model as one unit of work sees it.
 *
 * @param packageName the Package the action named, or null when it named the Model itself
 * @param model the Model's document at the version to run (for {@code rollback}, the one before the
 *     current)
 * @param node the node the Package places the Model on, or null when none is named
 */
public record ModelTarget(String packageName, StoredArtifact model, String node) {
  public String modelName() {
    return model.name();
  }
}
