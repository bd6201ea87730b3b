package io.piccolo.gateway.lsp;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.simulator.spec.SpecCase;
import io.piccolo.simulator.spec.SpecException;
import io.piccolo.simulator.spec.SpecFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The problems {@code rules test} would report for a spec before running it. */
final class SpecProblems {
  private static final Pattern PLACE = Pattern.compile("^(.*?):(\\d+):(\\d+): (.*)$");

  private SpecProblems() {}

  static List<Problem> of(Path file, String text) {
    List<String> messages = new ArrayList<>();
    try {
      for (SpecCase c : SpecFile.read(file, text)) {
        if (c.error() != null) {
          messages.addAll(List.of(c.error().split("\n")));
        }
      }
    } catch (SpecException e) {
      messages.add(e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    for (String m : messages) {
      Matcher place = PLACE.matcher(m);
      problems.add(
          place.matches()
              ? Problem.error(
                  file.toString(),
                  Integer.parseInt(place.group(2)),
                  Integer.parseInt(place.group(3)),
                  place.group(4))
              : Problem.error(file.toString(), 1, 1, m));
    }
    return problems;
  }
}
