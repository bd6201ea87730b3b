package io.piccolo.simulator.report;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.rulebase.IndexedEdgeRule;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Conditions;
import io.piccolo.engine.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report needs to know of the rule base: each rule's kind and where it was written, and
 * the constants scenario comparisons hold signals against (drawn on the plots).
 *
 * @param rules by name
 * @param thresholds per signal path, the numeric constants its comparisons use
 */
public record RuleCatalog(Map<String, Rule> rules, Map<String, List<Threshold>> thresholds) {
  public static final RuleCatalog EMPTY = new RuleCatalog(Map.of(), Map.of());

  /** What a rule is: a YAML scenario, a DRL rule, or a DRL rule that decides requests. */
  public enum Kind {
    SCENARIO("scenario"),
    DRL("DRL rule"),
    POLICY("policy");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * @param place {@code file:line[:column]}, or null when unknown
   * @param file the file, for a link, or null
   */
  public record Rule(String name, Kind kind, String place, String file) {}

  /** A comparison's constant on one signal: {@code > 120} of scenario {@code fast}. */
  public record Threshold(double value, String label) {}

  public static RuleCatalog of(RuleBase ruleBase) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    Map<String, List<Threshold>> thresholds = new LinkedHashMap<>();
    for (Scenario s : ruleBase.scenarios()) {
      rules.put(
          s.name(), new Rule(s.name(), Kind.SCENARIO, s.origin().toString(), s.origin().file()));
      thresholdsOf(s, thresholds);
    }
    for (IndexedEdgeRule r : ruleBase.indexedEdgeRules()) {
      thresholdsOf(r.scenario(), thresholds);
    }
    for (String name : ruleBase.drlRules()) {
      String place = ruleBase.origins().place(name);
      Kind kind = ruleBase.policyRules().contains(name) ? Kind.POLICY : Kind.DRL;
      rules.put(name, new Rule(name, kind, place, fileOf(place)));
    }
    return new RuleCatalog(rules, thresholds);
  }

  private static String fileOf(String place) {
    if (place == null) {
      return null;
    }
    int colon = place.lastIndexOf(':');
    return colon > 0 ? place.substring(0, colon) : place;
  }

  private static void thresholdsOf(Scenario s, Map<String, List<Threshold>> out) {
    Condition c = s.condition();
    if (c == null) {
      return;
    }
    for (Condition.Comparison cmp : Conditions.comparisons(c)) {
      double value = SignalValues.number(cmp.value());
      if (Double.isFinite(value)) {
        List<Threshold> onPath = out.computeIfAbsent(cmp.path(), p -> new ArrayList<>());
        String label = cmp.op().symbol() + " " + SignalValues.text(value) + " (" + s.name() + ")";
        if (onPath.size() < MAX_PER_SIGNAL
            && onPath.stream().noneMatch(t -> t.label().equals(label))) {
          onPath.add(new Threshold(value, label));
        }
      }
    }
  }

  /** Lines a plot of 60 px can still tell apart; the rest are in the firings' conditions. */
  static final int MAX_PER_SIGNAL = 8;

  /** The rule of that name, or one of unknown kind and place. */
  Rule rule(String name) {
    Rule r = rules.get(name);
    return r != null ? r : new Rule(name, Kind.DRL, null, null);
  }
}
