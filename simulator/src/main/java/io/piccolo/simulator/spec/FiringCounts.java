package io.piccolo.simulator.spec;

import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.engine.index.ScenarioCounters;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.replay.ReplayResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks a case's {@code never_fired}, {@code fired} and {@code suppressed} against a run. */
final class FiringCounts {
  private final RuleSpec spec;
  private final RuleBase ruleBase;
  private final ReplayResult result;
  private final List<String> failures;

  FiringCounts(RuleSpec spec, RuleBase ruleBase, ReplayResult result, List<String> failures) {
    this.spec = spec;
    this.ruleBase = ruleBase;
    this.result = result;
    this.failures = failures;
  }

  void check() {
    Map<String, Long> fired = result.firedByRule();
    for (String rule : spec.neverFired()) {
      Long n = fired.get(rule);
      if (n == null) {
        failures.add(unknown("never_fired", rule));
      } else if (n > 0) {
        failures.add("'" + rule + "' was expected never to fire but fired " + n + " time(s)");
      }
    }
    spec.fired()
        .forEach(
            (rule, expected) -> {
              Long n = fired.get(rule);
              if (n == null) {
                failures.add(unknown("fired", rule));
              } else if (n.longValue() != expected) {
                failures.add("fired: '" + rule + "' fired " + n + " time(s), expected " + expected);
              }
            });
    Map<String, Long> suppressed = new HashMap<>();
    for (ScenarioCounters c : result.scenarios()) {
      suppressed.put(c.name(), c.suppressed());
    }
    spec.suppressed()
        .forEach(
            (scenario, expected) -> {
              Long n = suppressed.get(scenario);
              if (n == null) {
                failures.add(
                    ruleBase.drlRules().contains(scenario)
                        ? "suppressed names '"
                            + scenario
                            + "', a DRL rule: only YAML scenarios have a cooldown"
                        : unknown("suppressed", scenario));
              } else if (n.longValue() != expected) {
                failures.add(
                    "suppressed: '"
                        + scenario
                        + "' had "
                        + n
                        + " firing(s) suppressed by its cooldown, expected "
                        + expected);
              }
            });
  }

  private String unknown(String key, String name) {
    return key
        + " names '"
        + name
        + "', which is no rule or scenario of this spec's rules"
        + DidYouMean.hint(name, result.firedByRule().keySet());
  }
}
