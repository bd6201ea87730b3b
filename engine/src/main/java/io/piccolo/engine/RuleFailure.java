package io.piccolo.engine;

import org.kie.api.runtime.rule.ConsequenceException;

/** A rule's consequence threw: which rule, when, and why, for a one-line message. */
public final class RuleFailure extends RuntimeException {
  private final String rule;

  private RuleFailure(String rule, String message, Throwable cause) {
    super(message, cause);
    this.rule = rule;
  }

  /** The rule whose consequence threw. */
  public String rule() {
    return rule;
  }

  static RuleFailure of(ConsequenceException e, long timeMillis) {
    String rule = e.getMatch() != null ? e.getMatch().getRule().getName() : "?";
    String pkg = e.getMatch() != null ? e.getMatch().getRule().getPackageName() : "?";
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return new RuleFailure(
        rule,
        "rule '"
            + rule
            + "' (package "
            + pkg
            + ") failed at "
            + timeMillis / 1000.0
            + " s: "
            + cause,
        cause);
  }
}
