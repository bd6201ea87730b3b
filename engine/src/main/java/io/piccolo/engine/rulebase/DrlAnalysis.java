package io.piccolo.engine.rulebase;

import io.piccolo.engine.decision.PolicyRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * What the rule base needs from the engine, read off the parsed DRL: which signal paths rules match
 * as {@code Signal} facts and as {@code SignalEvent}s, and which rules are policies (they match
 * {@code ActionRequest}).
 */
final class DrlAnalysis {
  private static final Pattern PATH_EQUALS =
      Pattern.compile("^\\s*(?:path\\s*==\\s*\"([^\"]+)\"|\"([^\"]+)\"\\s*==\\s*path)\\s*$");
  private static final Pattern PATH_IN = Pattern.compile("^\\s*path\\s+in\\s*\\((.*)\\)\\s*$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  final Interest signals = new Interest();
  final Interest events = new Interest();
  final List<RuleDescr> policies = new ArrayList<>();
  final List<PathUse> pathUses = new ArrayList<>();

  /** A literal signal path in a rule, for catalogue checks. */
  record PathUse(String path, String file, int line, int column) {}

  static final class Interest {
    boolean everyPath;
    final Set<String> paths = new LinkedHashSet<>();

    SignalInterest freeze() {
      return new SignalInterest(everyPath, paths);
    }
  }

  void analyse(String file, PackageDescr pkg) {
    for (RuleDescr rule : pkg.getRules()) {
      boolean[] policy = {false};
      walk(file, rule.getLhs(), policy);
      if (policy[0]) {
        policies.add(rule);
      }
    }
  }

  private void walk(String file, BaseDescr descr, boolean[] policy) {
    if (descr instanceof PatternDescr p) {
      pattern(file, p, policy);
      if (p.getSource() != null) {
        walk(file, p.getSource(), policy);
      }
    } else if (descr instanceof AccumulateDescr acc) {
      for (BaseDescr input : acc.getDescrs()) {
        walk(file, input, policy);
      }
      if (acc.getInput() != null && !acc.getDescrs().contains(acc.getInput())) {
        walk(file, acc.getInput(), policy);
      }
    } else if (descr instanceof CollectDescr col && col.getInputPattern() != null) {
      walk(file, col.getInputPattern(), policy);
    } else if (descr instanceof ConditionalElementDescr ce) {
      for (BaseDescr child : ce.getDescrs()) {
        walk(file, child, policy);
      }
    }
  }

  private void pattern(String file, PatternDescr p, boolean[] policy) {
    String type = simpleName(p.getObjectType());
    if (PolicyRules.decides(type)) {
      policy[0] = true;
    }
    switch (type) {
      case "Signal" -> interest(file, p, signals);
      case "SignalEvent" -> interest(file, p, events);
      default -> {}
    }
  }

  /**
   * A literal {@code path == "..."} or {@code path in (...)} constraint narrows the pattern to
   * those paths; without one (a computed path, an {@code ||}) the pattern may match any path.
   */
  private void interest(String file, PatternDescr p, Interest into) {
    Set<String> literal = new LinkedHashSet<>();
    boolean narrowed = false;
    for (BaseDescr c : p.getDescrs()) {
      if (!(c instanceof ExprConstraintDescr e)) {
        continue;
      }
      String expr = e.getExpression();
      Matcher eq = PATH_EQUALS.matcher(expr);
      Matcher in = PATH_IN.matcher(expr);
      if (eq.matches()) {
        literal.add(eq.group(1) != null ? eq.group(1) : eq.group(2));
        narrowed = true;
      } else if (in.matches()) {
        Matcher q = QUOTED.matcher(in.group(1));
        while (q.find()) {
          literal.add(q.group(1));
        }
        narrowed = true;
      }
    }
    for (String path : literal) {
      pathUses.add(new PathUse(path, file, p.getLine(), p.getColumn()));
    }
    if (narrowed) {
      into.paths.addAll(literal);
    } else {
      into.everyPath = true;
    }
  }

  private static String simpleName(String type) {
    int dot = type.lastIndexOf('.');
    return dot < 0 ? type : type.substring(dot + 1);
  }
}
