package io.piccolo.adapters.dispatch;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.ActionResult;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells the listener what dispatched work came to: each unit's {@link ActionResult}, each request
 * finished, each warm start that failed. A listener that throws is logged, never let through to the
 * dispatcher.
 */
final class Reporter {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final DispatchListener listener;
  private final DispatchMeters meters;
  private final LongSupplier clock;

  /**
   * @param clock the time results carry, epoch ms
   */
  Reporter(DispatchListener listener, DispatchMeters meters, LongSupplier clock) {
    this.listener = listener;
    this.meters = meters;
    this.clock = clock;
  }

  /** A unit of the request ended: its result, reported and returned. */
  ActionResult unitEnded(
      Dispatched request,
      String model,
      String node,
      String outcome,
      String reason,
      long durationMillis) {
    DecidedAction d = request.decision();
    ActionResult r =
        new ActionResult(
            request.requestId(),
            d.scenario(),
            d.action(),
            d.target(),
            model,
            node,
            outcome,
            reason,
            durationMillis,
            clock.getAsLong());
    safely(() -> listener.result(r));
    return r;
  }

  /** A unit that could not run at all (no executor for its node, a Model not stored). */
  ActionResult unitRefused(Dispatched request, Unit unit) {
    meters.finished(
        DispatchMeters.NO_EXECUTOR,
        request.decision().action(),
        ActionResult.FAILED,
        Duration.ZERO);
    return unitEnded(request, unit.model(), unit.node(), ActionResult.FAILED, unit.failure(), 0);
  }

  /** A request that failed before any unit: one failed result, and the request finished. */
  void requestRefused(Dispatched request, String reason) {
    meters.finished(
        DispatchMeters.NO_EXECUTOR,
        request.decision().action(),
        ActionResult.FAILED,
        Duration.ZERO);
    unitEnded(request, null, null, ActionResult.FAILED, reason, 0);
    finished(request, false, reason);
  }

  void finished(Dispatched request, boolean succeeded, String reason) {
    safely(() -> listener.finished(request, succeeded, reason));
  }

  void warmStartFailed(String model, String node, String reason) {
    safely(() -> listener.warmStartFailed(model, node, reason));
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a dispatch listener failed: " + e, e);
    }
  }
}
