package io.piccolo.connectors.artifact;

import io.piccolo.engine.rulebase.Problem;
import java.util.List;

/**
 * Pullpiri splits a file into documents on the raw text {@code ---}, so a line such as {@code
 * terminationGracePeriodSeconds: 0---} ends a document there. YAML would read {@code 0---} as a
 * value; this puts such a separator on its own line, as Pullpiri reads it, and says so.
 */
final class PullpiriSeparators {
  private PullpiriSeparators() {}

  static String normalise(String file, String text, List<Problem> problems) {
    String[] lines = text.split("\n", -1);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.stripTrailing();
      boolean trailingSeparator =
          trimmed.endsWith("---")
              && !trimmed.strip().startsWith("#")
              && !trimmed.strip().equals("---");
      if (trailingSeparator) {
        out.append(trimmed, 0, trimmed.length() - 3).append("\n---");
        problems.add(
            Problem.warning(
                file,
                i + 1,
                trimmed.length() - 2,
                "'---' at the end of a line ends the document here, as Pullpiri reads it;"
                    + " put it on a line of its own"));
      } else {
        out.append(line);
      }
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }
}
