package io.piccolo.connectors.artifact;

import io.piccolo.connectors.artifact.schema.Findings;
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

  Located(String file, String document, List<Problem> problems) {
    this.file = file;
    this.document = document;
    this.problems = problems;
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

  private String text(String field, String message) {
    return document + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }

  /** Warns about keys the reader does not know: a typo should not be silently dropped. */
  void unknownKeys(Node.MapNode map, String field, List<String> known) {
    map.entries()
        .forEach(
            (key, value) -> {
              if (!known.contains(key)) {
                warning(
                    value,
                    field.isEmpty() ? key : field + "." + key,
                    "unknown field, ignored (known: " + String.join(", ", known) + ")");
              }
            });
  }
}
