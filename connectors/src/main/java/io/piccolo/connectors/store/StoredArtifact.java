package io.piccolo.connectors.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version of an artifact in the store.
 *
 * @param version 1 for the first apply, one more for each apply after it
 * @param document the whole document as applied
 */
public record StoredArtifact(String kind, String name, long version, JsonNode document) {
  public String key() {
    return kind + "/" + name;
  }
}
