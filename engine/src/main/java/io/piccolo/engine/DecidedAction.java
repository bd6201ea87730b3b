package io.piccolo.engine;

import io.piccolo.engine.fact.ActionRequest;
import io.piccolo.engine.fact.Decision;
import java.util.Comparator;
import java.util.Map;

/** A request after its round: what was asked, by whom, and what the policies decided. */
public record DecidedAction(
    long timeMillis,
    String scenario,
    String rule,
    String action,
    String target,
    Map<String, Object> params,
    Decision decision,
    String decidedBy,
    String reason) {

  /**
   * Output order: time, then scenario, action, target. Written out rather than chained from key
   * extractors: a round sorts every decision it made, and the chain's calls cost several times the
   * comparisons.
   */
  public static final Comparator<DecidedAction> ORDER = DecidedAction::compareInOrder;

  private static int compareInOrder(DecidedAction a, DecidedAction b) {
    int c = Long.compare(a.timeMillis, b.timeMillis);
    if (c == 0) {
      c = a.scenario.compareTo(b.scenario);
    }
    if (c == 0) {
      c = a.action.compareTo(b.action);
    }
    return c != 0 ? c : a.target.compareTo(b.target);
  }

  static DecidedAction of(ActionRequest r) {
    return new DecidedAction(
        r.getTime(),
        r.getScenario(),
        r.getRule(),
        r.getAction(),
        r.getTarget(),
        r.getParams(),
        r.getDecision(),
        r.getDecidedBy(),
        r.getReason());
  }

  public boolean allowed() {
    return decision == Decision.ALLOWED;
  }
}
