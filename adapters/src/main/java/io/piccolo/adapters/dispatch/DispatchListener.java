package io.piccolo.adapters.dispatch;

import io.piccolo.engine.fact.ActionResult;

/** Told what dispatched work came to, on the dispatcher's threads. */
public interface DispatchListener {
  /** One unit of work ended (one Model of a Package): for the evaluator, as a fact. */
  void result(ActionResult result);

  /**
   * Every unit of a request ended.
   *
   * @param reason the first failure's reason, or null when all succeeded
   */
  default void finished(Dispatched request, boolean succeeded, String reason) {}

  /**
   * A warm start failed: the Model was not prepared, so a launch before it is starts it from
   * nothing. Told once for failures in a row while the runtime is away, which are tried again.
   *
   * @param node the Model's node, or null when none is named
   */
  default void warmStartFailed(String model, String node, String reason) {}
}
