package io.piccolo.gateway.serve;

import io.piccolo.engine.rulebase.RuleBase;
import java.util.List;

/** What the running evaluator was built from, as {@code rules.status} reports it. */
public record LoadedRules(int scenarios, int drlRules, List<String> files) {
  public static LoadedRules of(RuleBase ruleBase, List<String> files) {
    return new LoadedRules(ruleBase.scenarios().size(), ruleBase.drlRules().size(), files);
  }
}
