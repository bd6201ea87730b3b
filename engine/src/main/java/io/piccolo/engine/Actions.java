package io.piccolo.engine;

import io.piccolo.engine.fact.ActionRequest;
import java.util.List;
import java.util.Map;

/**
 * The {@code actions} global of every DRL file. A consequence never does I/O: these methods only
 * put an {@link ActionRequest} into the session, for policy rules to decide.
 */
public final class Actions {
  /** The actions with a method of their own; {@link #request} takes any other. */
  public static final List<String> NAMED = List.of("launch", "terminate", "update", "rollback");

  private final Evaluator evaluator;

  Actions(Evaluator evaluator) {
    this.evaluator = evaluator;
  }

  public ActionRequest launch(String target) {
    return request("launch", target, Map.of());
  }

  public ActionRequest terminate(String target) {
    return request("terminate", target, Map.of());
  }

  public ActionRequest update(String target) {
    return request("update", target, Map.of());
  }

  public ActionRequest rollback(String target) {
    return request("rollback", target, Map.of());
  }

  public ActionRequest request(String action, String target, Map<String, Object> params) {
    String rule = evaluator.currentRule();
    return evaluator.submit(action, target, rule, rule, params == null ? Map.of() : params);
  }
}
