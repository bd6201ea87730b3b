package io.piccolo.gateway.cli;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.engine.rulebase.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The artifact files of {@code apply -f} and {@code delete -f}, read and checked together. */
final class ArtifactInputs {
  private ArtifactInputs() {}

  /**
   * Every valid document of every file; prints warnings, and on any error prints all of them and
   * stops the command before anything is stored.
   */
  static List<Artifact> read(List<Path> files, PrintWriter err) {
    List<Artifact> artifacts = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        problems.add(Problem.error(file.toString(), 1, 1, "cannot read: " + e.getMessage()));
        continue;
      }
      ArtifactFile.Content content = ArtifactFile.read(file.toString(), text);
      artifacts.addAll(content.artifacts());
      problems.addAll(content.problems());
      if (content.artifacts().isEmpty() && !content.hasErrors()) {
        problems.add(
            Problem.error(
                file.toString(),
                1,
                1,
                "holds no artifact to store: each document needs a kind, one of "
                    + String.join(", ", ArtifactFile.PULLPIRI_KINDS.stream().sorted().toList())
                    + (content.notes().isEmpty() ? "" : " (" + notes(content) + ")")));
      }
    }
    problems.addAll(duplicates(artifacts));
    RuleLoading.sorted(problems).forEach(err::println);
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new UserError(1, "nothing was applied or deleted: fix the errors above");
    }
    return artifacts;
  }

  /** The reader's remarks about what it skipped, without their {@code file:line:} prefix. */
  private static String notes(ArtifactFile.Content content) {
    return String.join(
        "; ", content.notes().stream().map(n -> n.replaceFirst("^.*?: note: ", "")).toList());
  }

  private static List<Problem> duplicates(List<Artifact> artifacts) {
    Map<String, Artifact> seen = new HashMap<>();
    List<Problem> out = new ArrayList<>();
    for (Artifact a : artifacts) {
      Artifact first = seen.putIfAbsent(a.key(), a);
      if (first != null) {
        out.add(
            Problem.error(
                a.origin().file(),
                a.origin().line(),
                1,
                a.key() + " is defined twice in this apply (first at " + first.origin() + ")"));
      }
    }
    return out;
  }
}
