package io.piccolo.engine;

import io.piccolo.engine.rulebase.RuleOrigins;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * A rule threw while the session ran it — in its consequence, or in a condition ({@code eval}, a
 * constraint) while facts were matched: which rule, where it is written, when, and why, as one
 * line.
 */
public final class RuleFailure extends RuntimeException {
  private final String rule;

  private RuleFailure(String rule, String message, Throwable cause) {
    super(message, cause);
    this.rule = rule;
  }

  /**
   * Rules that never let an instant end: each round they make leads to another, e.g. a rule that
   * answers every result of an action by asking for the action again.
   *
   * @param rule the rule whose requests kept it going
   */
  public static RuleFailure unending(String rule, String message) {
    return new RuleFailure(rule, message, null);
  }

  /** The rule that threw, or "unknown" when Drools did not say which. */
  public String rule() {
    return rule;
  }

  static RuleFailure of(ConsequenceException e, long timeMillis, RuleOrigins origins) {
    String rule = e.getMatch() != null ? e.getMatch().getRule().getName() : origins.ruleOf(e);
    return describe(rule, "its consequence", e, timeMillis, origins);
  }

  /** A failure while facts were matched against conditions, or a consequence Drools wrapped. */
  static RuleFailure matching(RuntimeException e, long timeMillis, RuleOrigins origins) {
    if (e instanceof RuleFailure f) {
      return f;
    }
    if (e instanceof ConsequenceException c) {
      return of(c, timeMillis, origins);
    }
    return describe(origins.ruleOf(e), "its conditions", e, timeMillis, origins);
  }

  private static RuleFailure describe(
      String rule, String part, Throwable e, long timeMillis, RuleOrigins origins) {
    Throwable cause = rootCause(e);
    String when = timeMillis / 1000.0 + " s";
    if (rule == null) {
      return new RuleFailure(
          "unknown",
          "a rule condition failed at " + when + " while facts were matched: " + cause,
          cause);
    }
    String place = origins.place(rule);
    return new RuleFailure(
        rule,
        (place == null ? "" : place + ": ")
            + "rule '"
            + rule
            + "' failed at "
            + when
            + " in "
            + part
            + ": "
            + cause,
        cause);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
