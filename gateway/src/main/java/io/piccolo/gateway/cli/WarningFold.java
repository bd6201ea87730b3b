package io.piccolo.gateway.cli;

import io.piccolo.engine.rulebase.Problem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints problems in order, but only the first few warnings of one kind: a hundred scenarios with
 * the same slip make one line with the count and the first names, not a hundred. Errors are never
 * folded; verbose output shows everything.
 */
final class WarningFold {
  static final int SHOWN = 3;
  private static final int NAMED = 5;
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern DOCUMENT = Pattern.compile("document \\d+ \\([^)]*\\): ");

  private record Line(String kind, String name, String text) {}

  private final boolean verbose;
  private final List<Line> lines = new ArrayList<>();

  WarningFold(boolean verbose) {
    this.verbose = verbose;
  }

  /** A problem; warnings of one kind are those whose messages differ only in quoted names. */
  void add(Problem problem) {
    if (problem.isError()) {
      lines.add(new Line(null, null, problem.toString()));
      return;
    }
    String message = DOCUMENT.matcher(problem.message()).replaceFirst("");
    Matcher quoted = QUOTED.matcher(message);
    String name = quoted.find() ? quoted.group(1) : problem.file() + ":" + problem.line();
    add(QUOTED.matcher(message).replaceAll("'…'"), name, problem.toString());
  }

  /** A warning of the given kind, about {@code name}. */
  void add(String kind, String name, String text) {
    lines.add(new Line(kind, name, text));
  }

  void print(PrintWriter out) {
    Map<String, List<String>> folded = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Line line : lines) {
      if (line.kind() == null || verbose || seen.merge(line.kind(), 1, Integer::sum) <= SHOWN) {
        out.println(line.text());
      } else {
        folded.computeIfAbsent(line.kind(), k -> new ArrayList<>()).add(line.name());
      }
    }
    folded.forEach(
        (kind, names) ->
            out.println(
                "warning: "
                    + names.size()
                    + " more like the "
                    + SHOWN
                    + " above ("
                    + kind
                    + "): "
                    + String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
                    + (names.size() > NAMED ? ", …" : "")
                    + "; --verbose lists every one"));
  }
}
