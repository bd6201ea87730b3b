package io.piccolo.engine.decision;

import java.util.Collection;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * A policy rule is a DRL rule that matches {@code ActionRequest}. Unless it sets its own salience,
 * it gets a high one, so it runs right after each request it matches, while the state that made the
 * request is still the state it sees.
 */
public final class PolicyRules {
  /** The salience given to policy rules that set none. */
  public static final String SALIENCE = "1000000";

  private PolicyRules() {}

  /** True for a pattern on this type (simple name): the rule holding it is a policy. */
  public static boolean decides(String patternType) {
    return patternType.equals("ActionRequest");
  }

  /** Gives every policy without a salience of its own {@link #SALIENCE}. */
  public static void prioritise(Collection<RuleDescr> policies) {
    for (RuleDescr policy : policies) {
      if (!policy.getAttributes().containsKey("salience")) {
        policy.addAttribute(new AttributeDescr("salience", SALIENCE));
      }
    }
  }
}
