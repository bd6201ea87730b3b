package io.piccolo.connectors.artifact.schema;

import io.piccolo.connectors.yaml.Node;

/** Where a check reports what it found: at a node, under a field path. */
public interface Findings {
  void error(Node at, String field, String message);

  void warning(Node at, String field, String message);

  /** A field nothing reads: a warning, unless the reader was asked to be strict. */
  default void unknownField(Node at, String field, String message) {
    warning(at, field, message);
  }
}
