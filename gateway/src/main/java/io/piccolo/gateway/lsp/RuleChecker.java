package io.piccolo.gateway.lsp;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import java.nio.file.Path;
import java.util.List;

/** What {@code rules check} reports for a folder, with one file read as unsaved text. */
@FunctionalInterface
public interface RuleChecker {
  Result check(Path folder, Path changed, String text);

  /** The problems, and the rule base when the rules build (null otherwise). */
  record Result(List<Problem> problems, RuleBase ruleBase) {
    public Result {
      problems = List.copyOf(problems);
    }
  }
}
