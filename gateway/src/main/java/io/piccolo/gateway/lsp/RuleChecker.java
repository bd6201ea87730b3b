package io.piccolo.gateway.lsp;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@code rules check} reports for a workspace folder, with open files read as typed. */
@FunctionalInterface
public interface RuleChecker {
  /**
   * @param folder the workspace folder (or, for a file outside every one, the file's folder)
   * @param open the unsaved texts of the open files, by file
   */
  Result check(Path folder, Map<Path, String> open);

  /** The problems, and the rule base when the rules build (null otherwise). */
  record Result(List<Problem> problems, RuleBase ruleBase) {
    public Result {
      problems = List.copyOf(problems);
    }
  }
}
