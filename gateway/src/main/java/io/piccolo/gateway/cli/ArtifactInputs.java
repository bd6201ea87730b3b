package io.piccolo.gateway.cli;

import io.piccolo.connectors.store.ArtifactChanges;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.rulebase.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The artifact files of {@code apply -f} and {@code delete -f}, read and checked together. */
final class ArtifactInputs {
  private ArtifactInputs() {}

  /**
   * Every valid document of every file; prints warnings, and on any error prints all of them and
   * stops the command before anything is stored.
   */
  static ArtifactChanges.Checked read(List<Path> files, long maxBytes, PrintWriter err) {
    List<ArtifactChanges.Source> sources = new ArrayList<>();
    List<Problem> unreadable = new ArrayList<>();
    for (Path file : files) {
      try {
        sources.add(
            new ArtifactChanges.Source(
                file.toString(), TextFiles.readUtf8(file, maxBytes, "limits.text-file-size")));
      } catch (TextFiles.UnreadableText e) {
        unreadable.add(Problem.error(file.toString(), e.line(), 1, e.detail()));
      } catch (IOException e) {
        unreadable.add(Problem.error(file.toString(), 1, 1, "cannot read: " + e.getMessage()));
      }
    }
    ArtifactChanges.Checked checked = ArtifactChanges.read(sources);
    List<Problem> problems = new ArrayList<>(unreadable);
    problems.addAll(checked.problems());
    RuleLoading.sorted(problems).forEach(err::println);
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new UserError(1, "nothing was applied or deleted: fix the errors above");
    }
    return checked;
  }
}
