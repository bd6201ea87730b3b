package io.piccolo.engine.rulebase;

import io.piccolo.engine.fact.WindowValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.time.TimeUtils;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BehaviorDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Finds the accumulates the engine can keep itself: {@code accumulate(SignalEvent(path == "P", $x :
 * number) over window:time(D); $r : average($x) | sum($x) | count(...); constraints)}, and turns
 * each into a pattern on the engine's {@link WindowValue} for that path, function and size, with
 * the same binding and constraints. The engine then keeps the window's result as samples enter and
 * leave it, with Drools' arithmetic in Drools' order, and no event per sample enters the session.
 * Anything else (other functions, more constraints on the event, a bound event, a named window or
 * an entry point) stays Drools' accumulate, as written.
 */
final class KeptWindows {
  private static final Set<String> EVENT =
      Set.of("SignalEvent", "io.piccolo.engine.fact.SignalEvent");
  private static final Set<String> FUNCTIONS = Set.of("average", "sum", "count");
  private static final Pattern NUMBER =
      Pattern.compile("^\\s*(\\$?[A-Za-z_]\\w*)\\s*:\\s*number\\s*$");
  private static final Pattern DURATION =
      Pattern.compile("^\\s*(?:(?:\\d+(?:ms|[dhms]))+|\\d+)\\s*$");

  private KeptWindows() {}

  /**
   * Rewrites the accumulates of every rule that the engine can keep, when it may keep any ({@link
   * #allowed}).
   *
   * @return the windows to keep, by key
   */
  static Map<String, KeptWindow> rewrite(List<PackageDescr> packages) {
    Map<String, KeptWindow> kept = new LinkedHashMap<>();
    if (!allowed(packages)) {
      return kept;
    }
    for (PackageDescr pkg : packages) {
      for (RuleDescr rule : pkg.getRules()) {
        rewriteIn(rule.getLhs(), kept);
      }
    }
    return kept;
  }

  /**
   * No rule or function names {@code SignalEvent} in its code (it may insert events a kept window
   * would not see) and no package declares it (an {@code @expires} would shorten its windows).
   */
  static boolean allowed(List<PackageDescr> packages) {
    return packages.stream()
        .noneMatch(
            p ->
                EventWindows.namedInCode(p)
                    || p.getTypeDeclarations().stream()
                        .anyMatch(t -> EVENT.contains(t.getTypeName())));
  }

  @SuppressWarnings("unchecked") // the element's own list, which holds any descr
  private static void rewriteIn(ConditionalElementDescr parent, Map<String, KeptWindow> kept) {
    List<BaseDescr> children = (List<BaseDescr>) parent.getDescrs();
    for (int i = 0; i < children.size(); i++) {
      BaseDescr child = children.get(i);
      if (child instanceof PatternDescr p) {
        KeptWindow window = keepable(p);
        if (window != null) {
          kept.putIfAbsent(window.key(), window);
          children.set(i, windowPattern(p, window));
        }
      } else if (child instanceof ConditionalElementDescr ce) {
        rewriteIn(ce, kept);
      }
    }
  }

  /** The window {@code p} accumulates over, when the engine can keep it; else null. */
  private static KeptWindow keepable(PatternDescr p) {
    if (!(p.getSource() instanceof AccumulateDescr acc)
        || p.getIdentifier() != null
        || !"Object".equals(p.getObjectType())
        || !acc.isExternalFunction()
        || acc.isMultiPattern()
        || acc.getFunctions().size() != 1) {
      return null;
    }
    AccumulateDescr.AccumulateFunctionCallDescr call = acc.getFunctions().get(0);
    if (!FUNCTIONS.contains(call.getFunction()) || call.isUnification()) {
      return null;
    }
    PatternDescr input = inputPattern(acc);
    if (input == null
        || !EVENT.contains(input.getObjectType())
        || input.getIdentifier() != null
        || input.getSource() != null
        || input.getBehaviors().size() != 1) {
      return null;
    }
    Long size = timeWindow(input.getBehaviors().get(0));
    if (size == null) {
      return null;
    }
    String path = null;
    String number = null;
    for (BaseDescr c : input.getDescrs()) {
      if (!(c instanceof ExprConstraintDescr e)) {
        return null;
      }
      Matcher m;
      if (path == null && (m = SignalOnlyRule.PATH.matcher(e.getExpression())).matches()) {
        path = m.group(1);
      } else if (number == null && (m = NUMBER.matcher(e.getExpression())).matches()) {
        number = m.group(1);
      } else {
        return null;
      }
    }
    String[] params = call.getParams();
    boolean readsNumber = params.length == 1 && params[0].trim().equals(number);
    if (path == null
        || params.length != 1
        || (!call.getFunction().equals("count") && !readsNumber)) {
      return null;
    }
    return new KeptWindow(path, call.getFunction(), size);
  }

  private static PatternDescr inputPattern(AccumulateDescr acc) {
    BaseDescr input = acc.getInput();
    if (input instanceof AndDescr and && and.getDescrs().size() == 1) {
      input = and.getDescrs().get(0);
    }
    return input instanceof PatternDescr p ? p : null;
  }

  private static Long timeWindow(BaseDescr behavior) {
    if (!(behavior instanceof BehaviorDescr b)
        || !"window".equals(b.getType())
        || !"time".equals(b.getSubType())
        || b.getParameters().size() != 1
        || !DURATION.matcher(b.getParameters().get(0)).matches()) {
      return null;
    }
    long size = TimeUtils.parseTimeString(b.getParameters().get(0).trim());
    return size > 0 ? size : null;
  }

  /** {@code WindowValue(key == "...", $r : number, constraints...)} in the accumulate's place. */
  private static PatternDescr windowPattern(PatternDescr accumulate, KeptWindow window) {
    AccumulateDescr.AccumulateFunctionCallDescr call =
        ((AccumulateDescr) accumulate.getSource()).getFunctions().get(0);
    PatternDescr p = new PatternDescr(WindowValue.class.getSimpleName());
    p.setLocation(accumulate.getLine(), accumulate.getColumn());
    p.setEndLocation(accumulate.getEndLine(), accumulate.getEndColumn());
    p.setStartCharacter(accumulate.getStartCharacter());
    p.setEndCharacter(accumulate.getEndCharacter());
    p.setResource(accumulate.getResource());
    p.addConstraint(new ExprConstraintDescr("key == \"" + window.key() + "\""));
    if (call.getBind() != null) {
      String field = window.function().equals("count") ? "count" : "number";
      p.addConstraint(new ExprConstraintDescr(call.getBind() + " : " + field));
    }
    List<BaseDescr> constraints = new ArrayList<>(accumulate.getDescrs());
    constraints.forEach(p::addConstraint);
    return p;
  }
}
