package io.piccolo.connectors.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.engine.scenario.Origin;

/**
 * One valid artifact document as it was written: every field kept, in order, so storing and reading
 * it back loses nothing.
 *
 * @param origin where the document starts
 */
public record Artifact(String kind, String name, JsonNode document, Origin origin) {

  /** The store key, Pullpiri's layout: {@code Scenario/helloworld}. */
  public String key() {
    return kind + "/" + name;
  }
}
