package io.piccolo.connectors.artifact.schema;

import io.piccolo.connectors.yaml.Node;
import java.util.List;
import java.util.stream.Collectors;

/** Checks a located YAML tree against a {@link Shape}. */
public final class ShapeCheck {
  private final Findings findings;

  public ShapeCheck(Findings findings) {
    this.findings = findings;
  }

  /**
   * Reports missing required fields and wrong types as errors, unknown fields as warnings.
   *
   * @param field the path of {@code node}, e.g. {@code spec.models[0]}; empty for a document
   */
  public void check(Node node, Shape shape, String field) {
    if (shape instanceof Shape.AnyShape) {
      return;
    }
    if (shape instanceof Shape.ScalarOrMapShape either) {
      check(node, node instanceof Node.MapNode ? either.map() : either.scalar(), field);
    } else if (shape instanceof Shape.MapShape map) {
      checkMap(node, map, field);
    } else if (shape instanceof Shape.ListShape list) {
      checkList(node, list, field);
    } else {
      checkScalar(node, (Shape.ScalarShape) shape, field);
    }
  }

  private void checkMap(Node node, Shape.MapShape shape, String field) {
    if (!(node instanceof Node.MapNode map)) {
      findings.error(node, field, "must be a mapping");
      return;
    }
    if (shape.open()) {
      return;
    }
    for (Shape.Field f : shape.fields().values()) {
      Node value = map.get(f.name());
      String path = join(field, f.name());
      if (value == null || isNull(value)) {
        if (f.required()) {
          findings.error(value == null ? map : value, path, "required");
        }
      } else {
        check(value, f.shape(), path);
      }
    }
    map.entries()
        .forEach(
            (key, value) -> {
              if (!shape.fields().containsKey(key)) {
                findings.unknownField(
                    value,
                    join(field, key),
                    "unknown field, kept but not used (known here: "
                        + String.join(", ", shape.fields().keySet())
                        + ")");
              }
            });
  }

  private void checkList(Node node, Shape.ListShape shape, String field) {
    if (!(node instanceof Node.ListNode list)) {
      findings.error(node, field, "must be a list");
      return;
    }
    List<Node> items = list.items();
    for (int i = 0; i < items.size(); i++) {
      check(items.get(i), shape.item(), field + "[" + i + "]");
    }
  }

  private void checkScalar(Node node, Shape.ScalarShape shape, String field) {
    if (!(node instanceof Node.Scalar scalar)) {
      findings.error(node, field, "must be " + describe(shape));
      return;
    }
    Object v = scalar.value();
    boolean fits =
        switch (shape.kind()) {
          case TEXT -> v instanceof String || v instanceof Number || v instanceof Boolean;
          case INTEGER -> v instanceof Long;
          case NUMBER -> v instanceof Number;
          case BOOLEAN -> v instanceof Boolean;
        };
    if (!fits) {
      findings.error(node, field, "must be " + describe(shape) + ", not '" + scalar.text() + "'");
    } else if (!shape.oneOf().isEmpty() && !shape.oneOf().contains(scalar.text())) {
      findings.error(node, field, "'" + scalar.text() + "' is not " + describe(shape));
    }
  }

  private static String describe(Shape.ScalarShape shape) {
    if (!shape.oneOf().isEmpty()) {
      return "one of " + shape.oneOf().stream().sorted().collect(Collectors.joining(", "));
    }
    return switch (shape.kind()) {
      case TEXT -> "text";
      case INTEGER -> "a whole number";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
    };
  }

  static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  private static boolean isNull(Node node) {
    return node instanceof Node.Scalar s && s.isNull();
  }
}
