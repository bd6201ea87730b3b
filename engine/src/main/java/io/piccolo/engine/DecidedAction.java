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

  /** Output order: time, then scenario, action, target. */
  public static final Comparator<DecidedAction> ORDER =
      Comparator.comparingLong(DecidedAction::timeMillis)
          .thenComparing(DecidedAction::scenario)
          .thenComparing(DecidedAction::action)
          .thenComparing(DecidedAction::target);

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
