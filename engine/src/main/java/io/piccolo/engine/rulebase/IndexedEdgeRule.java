package io.piccolo.engine.rulebase;

import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.List;

/**
 * An edge-triggered DRL rule whose conditions the condition index evaluates: its comparisons as a
 * scenario, and the path each of its {@code Signal} patterns matches, in the rule's order.
 *
 * @param requests when its then block does nothing but ask for actions with constant arguments,
 *     those requests in the order written; empty when the then block must run in the session
 */
public record IndexedEdgeRule(
    Scenario scenario, List<String> patternPaths, List<ScenarioAction> requests) {
  public IndexedEdgeRule {
    patternPaths = List.copyOf(patternPaths);
    requests = List.copyOf(requests);
  }
}
