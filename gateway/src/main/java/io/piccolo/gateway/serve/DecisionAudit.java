package io.piccolo.gateway.serve;

import io.piccolo.engine.DecidedAction;
import io.piccolo.gateway.security.Audit;

/** Every decided action in the audit trail: who decided it, what it was, and the decision. */
final class DecisionAudit {
  static final String ACTION = "action.decided";

  private DecisionAudit() {}

  static void record(Audit audit, DecidedAction d) {
    String what =
        d.action() + " " + d.target() + " (scenario " + d.scenario() + ", rule " + d.rule() + ")";
    String result =
        d.decision().label()
            + (d.reason() == null || d.reason().isEmpty() ? "" : ": " + d.reason());
    audit.record(d.decidedBy() == null ? "default" : d.decidedBy(), ACTION, what, result);
  }
}
