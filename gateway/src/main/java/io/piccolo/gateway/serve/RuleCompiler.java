package io.piccolo.gateway.serve;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import java.util.List;

/**
 * Builds rule files the way the process built them at start ({@code piccolo rules check}'s checks:
 * the sandbox, the catalogue, the settings), for a reload.
 */
@FunctionalInterface
public interface RuleCompiler {
  /**
   * @param ruleBase null when any file has an error
   * @param problems every problem of every file, errors and warnings
   */
  record Compiled(RuleBase ruleBase, List<Problem> problems) {}

  /**
   * @param earlier the rules running now, whose unchanged DRL packages a build may keep as
   *     compiled; null for none
   */
  Compiled compile(RuleSet set, RuleBase earlier);
}
