package io.piccolo.connectors.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.scenario.Origin;

/**
 * One valid artifact document as it was written: every field kept, in order, so storing and reading
 * it back loses nothing.
 *
 * @param origin where the document starts; null for one that did not come from a file
 * @param source the located tree it was read from, for messages; null likewise
 */
public record Artifact(String kind, String name, JsonNode document, Origin origin, Node source) {

  /** An artifact made by the program, not read from a file. */
  public static Artifact of(String kind, String name, JsonNode document) {
    return new Artifact(kind, name, document, null, null);
  }

  /** The store key, Pullpiri's layout: {@code Scenario/helloworld}. */
  public String key() {
    return kind + "/" + name;
  }
}
