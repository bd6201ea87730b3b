package io.piccolo.engine.rulebase;

import io.piccolo.engine.scenario.Scenario;
import java.util.List;

/**
 * An edge-triggered DRL rule whose conditions the condition index evaluates: its comparisons as a
 * scenario, and the path each of its {@code Signal} patterns matches, in the rule's order.
 */
public record IndexedEdgeRule(Scenario scenario, List<String> patternPaths) {
  public IndexedEdgeRule {
    patternPaths = List.copyOf(patternPaths);
  }
}
