package io.piccolo.connectors.artifact.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected shape of an artifact field: a mapping with known fields, a list, or a scalar. One
 * declaration gives required-field errors, type errors and unknown-field warnings, each with its
 * line.
 */
public sealed interface Shape {

  /** A mapping with known fields; {@code open} accepts any key (labels, resource limits). */
  record MapShape(Map<String, Field> fields, boolean open) implements Shape {}

  record ListShape(Shape item) implements Shape {}

  /** A scalar of one kind, optionally limited to some spellings. */
  record ScalarShape(Kind kind, Set<String> oneOf) implements Shape {}

  /** A scalar, or a mapping in its place (Pullpiri's {@code 3} and {@code {count: 3}}). */
  record ScalarOrMapShape(ScalarShape scalar, MapShape map) implements Shape {}

  /** Anything, unchecked. */
  record AnyShape() implements Shape {}

  enum Kind {
    TEXT,
    INTEGER,
    NUMBER,
    BOOLEAN
  }

  record Field(String name, Shape shape, boolean required) {}

  public static MapShape map(Field... fields) {
    Map<String, Field> byName = new LinkedHashMap<>();
    for (Field f : fields) {
      byName.put(f.name(), f);
    }
    return new MapShape(byName, false);
  }

  public static MapShape openMap() {
    return new MapShape(Map.of(), true);
  }

  public static ListShape list(Shape item) {
    return new ListShape(item);
  }

  public static ScalarShape text() {
    return new ScalarShape(Kind.TEXT, Set.of());
  }

  public static ScalarShape integer() {
    return new ScalarShape(Kind.INTEGER, Set.of());
  }

  public static ScalarShape bool() {
    return new ScalarShape(Kind.BOOLEAN, Set.of());
  }

  public static ScalarShape oneOf(String... spellings) {
    return new ScalarShape(Kind.TEXT, Set.copyOf(List.of(spellings)));
  }

  public static ScalarOrMapShape scalarOrMap(ScalarShape scalar, MapShape map) {
    return new ScalarOrMapShape(scalar, map);
  }

  public static AnyShape any() {
    return new AnyShape();
  }

  public static Field required(String name, Shape shape) {
    return new Field(name, shape, true);
  }

  public static Field optional(String name, Shape shape) {
    return new Field(name, shape, false);
  }
}
