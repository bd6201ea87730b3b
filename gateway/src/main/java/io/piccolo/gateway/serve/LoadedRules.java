package io.piccolo.gateway.serve;

import io.piccolo.engine.rulebase.RuleBase;
import java.util.List;

/**
 * What the running evaluator was built from, as {@code rules.status} reports it.
 *
 * @param scenarios the scenarios running: the rule files' and the stored ones
 * @param drlRules the DRL rules of the rule base running now
 * @param drlPackages its DRL packages
 */
public record LoadedRules(int scenarios, int drlRules, int drlPackages, List<String> files) {
  public static LoadedRules of(RuleBase ruleBase, int scenarios, List<String> files) {
    return new LoadedRules(
        scenarios, ruleBase.drlRules().size(), ruleBase.drlPackages(), List.copyOf(files));
  }
}
