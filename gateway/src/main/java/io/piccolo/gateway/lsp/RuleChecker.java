package io.piccolo.gateway.lsp;

import io.piccolo.engine.rulebase.Problem;
import java.nio.file.Path;
import java.util.List;

/** What {@code rules check} reports for a folder, with one file read as unsaved text. */
@FunctionalInterface
public interface RuleChecker {
  List<Problem> check(Path folder, Path changed, String text);
}
