package io.piccolo.connectors.artifact;

import io.piccolo.connectors.artifact.schema.Findings;
import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.rulebase.Problem;
import java.util.List;

/**
 * Where in which document a reader is, so problems read {@code file:line:col: document 2 (Scenario
 * x): spec.when.all[1].op: message}.
 */
final class Located implements Findings {
  private final String file;
  private final String document;
  private final List<Problem> problems;
  private final boolean strict;

  Located(String file, String document, List<Problem> problems, boolean strict) {
    this.file = file;
    this.document = document;
    this.problems = problems;
    this.strict = strict;
  }

  /** Whether unknown fields are errors rather than warnings. */
  boolean strict() {
    return strict;
  }

  String file() {
    return file;
  }

  @Override
  public void error(Node at, String field, String message) {
    problems.add(Problem.error(file, at.line(), at.column(), text(field, message)));
  }

  @Override
  public void warning(Node at, String field, String message) {
    problems.add(Problem.warning(file, at.line(), at.column(), text(field, message)));
  }

  @Override
  public void unknownField(Node at, String field, String message) {
    if (strict) {
      error(at, field, message);
    } else {
      warning(at, field, message);
    }
  }

  private String text(String field, String message) {
    return document + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }

  /**
   * Reports keys the reader does not know, so a typo is never silently dropped: a warning, or an
   * error when strict; returns how many there were.
   */
  int unknownKeys(Node.MapNode map, String field, List<String> known) {
    int unknown = 0;
    for (var entry : map.entries().entrySet()) {
      String key = entry.getKey();
      if (!known.contains(key)) {
        unknown++;
        unknownField(
            entry.getValue(),
            field.isEmpty() ? key : field + "." + key,
            unknownKey(key, known, strict));
      }
    }
    return unknown;
  }

  private static String unknownKey(String key, List<String> known, boolean strict) {
    return (strict ? "unknown field" : "unknown field, ignored")
        + DidYouMean.hint(key, known)
        + " (known: "
        + String.join(", ", known)
        + ")";
  }
}
