package io.piccolo.engine.rulebase;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Recognises an edge-triggered rule the condition index can evaluate: no attributes, and only
 * {@code Signal} patterns, each with one literal {@code path == "..."} and comparisons of {@code
 * number} with numeric constants. Its comparisons become a scenario (with the index's edge
 * semantics, which for these comparisons are Drools' own), and the rule keeps only its then block,
 * fired through an {@code EdgeFired} fact: updates of its signals no longer reach the session. A
 * then block that only asks for actions with constant arguments is also read as those requests
 * ({@link ConstantRequests}), which the engine may make without the session.
 */
final class SignalOnlyRule {
  /** {@code path == "..."} with a literal path: the constraint the engine's rewrites look for. */
  static final Pattern PATH = Pattern.compile("^\\s*path\\s*==\\s*\"([^\"\\\\]+)\"\\s*$");

  private static final Pattern NUMBER =
      Pattern.compile("^\\s*number\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*$");
  private static final String FIRED = "$piccoloFired";

  private SignalOnlyRule() {}

  /**
   * @return the rule for the index, its LHS and then block rewritten, or null when the rule is not
   *     of this form (and is left as it was)
   */
  static IndexedEdgeRule compile(String file, RuleDescr rule, String fingerprint) {
    if (!rule.getAttributes().isEmpty() || rule.getLhs().getDescrs().isEmpty()) {
      return null;
    }
    List<String> paths = new ArrayList<>();
    List<String> bound = new ArrayList<>();
    List<Condition> comparisons = new ArrayList<>();
    for (BaseDescr child : rule.getLhs().getDescrs()) {
      if (!(child instanceof PatternDescr p)
          || p.getSource() != null
          || p.isQuery()
          || !isSignal(p.getObjectType())
          || !signalPattern(file, p, paths, comparisons)) {
        return null;
      }
      bound.add(p.getIdentifier());
    }
    Scenario scenario =
        new Scenario(
            rule.getName(),
            "drl",
            "",
            Map.of("drl", fingerprint),
            comparisons.size() == 1 ? comparisons.get(0) : new Condition.All(comparisons),
            Trigger.EDGE,
            0,
            new Origin(file, rule.getLine(), rule.getColumn() + 1));
    List<ScenarioAction> requests =
        ConstantRequests.of(String.valueOf(rule.getConsequence()), bound);
    fireThroughFact(rule, bound);
    return new IndexedEdgeRule(scenario, paths, requests);
  }

  private static boolean isSignal(String type) {
    return type.equals("Signal") || type.equals("io.piccolo.engine.fact.Signal");
  }

  private static boolean signalPattern(
      String file, PatternDescr p, List<String> paths, List<Condition> comparisons) {
    String path = null;
    List<String[]> tests = new ArrayList<>();
    for (BaseDescr c : p.getDescrs()) {
      if (!(c instanceof ExprConstraintDescr e)) {
        return false;
      }
      Matcher isPath = PATH.matcher(e.getExpression());
      Matcher isNumber = NUMBER.matcher(e.getExpression());
      if (isPath.matches() && path == null) {
        path = isPath.group(1);
      } else if (isNumber.matches()) {
        tests.add(new String[] {isNumber.group(1), isNumber.group(2)});
      } else {
        return false;
      }
    }
    if (path == null || tests.isEmpty()) {
      return false;
    }
    paths.add(path);
    Origin at = new Origin(file, p.getLine(), p.getColumn() + 1);
    for (String[] t : tests) {
      comparisons.add(new Condition.Comparison(path, op(t[0]), Double.parseDouble(t[1]), 0, at));
    }
    return true;
  }

  private static Op op(String symbol) {
    for (Op op : Op.values()) {
      if (op.symbol().equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException(symbol);
  }

  /**
   * The rule matches the index's {@code EdgeFired} for it instead of its patterns, deletes it, and
   * gets the pattern names it had bound as the matched {@code Signal}s; on the first line of code
   * of its then block, so no line of the file moves.
   */
  private static void fireThroughFact(RuleDescr rule, List<String> bound) {
    PatternDescr fired = new PatternDescr("io.piccolo.engine.fact.EdgeFired", FIRED);
    fired.addConstraint(new ExprConstraintDescr("ruleName == " + javaString(rule.getName())));
    fired.setLocation(rule.getLine(), rule.getColumn());
    AndDescr lhs = new AndDescr();
    lhs.addDescr(fired);
    rule.setLhs(lhs);
    StringBuilder prelude = new StringBuilder("delete(" + FIRED + "); ");
    for (int i = 0; i < bound.size(); i++) {
      if (bound.get(i) != null && !bound.get(i).isEmpty()) {
        prelude
            .append("final io.piccolo.engine.fact.Signal ")
            .append(bound.get(i))
            .append(" = ")
            .append(FIRED)
            .append(".signal(")
            .append(i)
            .append("); ");
      }
    }
    String consequence = String.valueOf(rule.getConsequence());
    int code = 0;
    while (code < consequence.length() && Character.isWhitespace(consequence.charAt(code))) {
      code++;
    }
    rule.setConsequence(consequence.substring(0, code) + prelude + consequence.substring(code));
  }

  private static String javaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
