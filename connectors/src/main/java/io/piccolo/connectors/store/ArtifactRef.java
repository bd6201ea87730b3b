package io.piccolo.connectors.store;

/** An artifact's identity: kind and name, stored under {@code kind/name}. */
public record ArtifactRef(String kind, String name) {
  public String key() {
    return kind + "/" + name;
  }

  @Override
  public String toString() {
    return key();
  }
}
