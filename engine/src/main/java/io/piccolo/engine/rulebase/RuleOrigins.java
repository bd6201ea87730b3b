package io.piccolo.engine.rulebase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Where each DRL rule was written, and which rule a failure came from: Drools reports a failing
 * condition ({@code eval}, a constraint) without its rule, but the classes it generates for a rule
 * are named after it, and constraint errors name the rule in their text.
 */
public final class RuleOrigins {
  private static final Pattern RULE_IN_MESSAGE = Pattern.compile("\\[Rule \"(.*?)\" in ");

  private final Map<String, String> places = new HashMap<>();
  private final Map<String, String> ruleOfClass = new HashMap<>();

  static RuleOrigins of(List<PackageDescr> packages) {
    RuleOrigins origins = new RuleOrigins();
    for (PackageDescr pkg : packages) {
      String file = pkg.getResource() == null ? "<drl>" : pkg.getResource().getSourcePath();
      for (RuleDescr rule : pkg.getRules()) {
        origins.places.put(rule.getName(), file + ":" + Math.max(1, rule.getLine()));
        if (rule.getClassName() != null) {
          origins.ruleOfClass.put(pkg.getName() + "." + rule.getClassName(), rule.getName());
        }
      }
    }
    return origins;
  }

  /** {@code file:line} of a DRL rule, or null for a scenario or an unknown name. */
  public String place(String rule) {
    return places.get(rule);
  }

  /** The DRL rule whose code or condition threw {@code failure}, or null when none can be told. */
  public String ruleOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Matcher named = RULE_IN_MESSAGE.matcher(String.valueOf(t.getMessage()));
      if (named.find() && places.containsKey(named.group(1))) {
        return named.group(1);
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        String rule = ruleOfClass(frame.getClassName());
        if (rule != null) {
          return rule;
        }
      }
      String rule = ruleOfClass(firstWord(t.getMessage()));
      if (rule != null) {
        return rule;
      }
    }
    return null;
  }

  /**
   * A rule's class ({@code p.Rule_name123}) or one of its invokers ({@code
   * p.Rule_name123Eval0Invoker}, whose suffix starts with a capital letter).
   */
  private String ruleOfClass(String className) {
    if (className == null) {
      return null;
    }
    String exact = ruleOfClass.get(className);
    if (exact != null) {
      return exact;
    }
    for (int i = className.length() - 1; i > 0; i--) {
      if (Character.isUpperCase(className.charAt(i))) {
        String rule = ruleOfClass.get(className.substring(0, i));
        if (rule != null) {
          return rule;
        }
      }
    }
    return null;
  }

  private static String firstWord(String message) {
    if (message == null) {
      return null;
    }
    String word = message.strip().split("[\\s@]", 2)[0];
    return word.isEmpty() ? null : word;
  }
}
