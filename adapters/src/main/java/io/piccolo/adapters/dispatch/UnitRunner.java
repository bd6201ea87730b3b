package io.piccolo.adapters.dispatch;

import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.container.ModelMapping;
import io.piccolo.engine.fact.ActionResult;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Carries out one unit of work on its executor: each call bounded by a timeout (a stop gets the
 * Model's grace period on top), a transient failure tried again with backoff, and each node's
 * circuit ({@link Breaker}) failing its work at once while the runtime is away. A warm start's
 * failures do not open a circuit (no decision waits for them), though one that is the probe of a
 * half-open circuit opens it again. The outcome is metered and the Model's state it leads to
 * recorded.
 */
final class UnitRunner {
  /** Actions that stop a Model's containers, and so may take its grace period. */
  private static final Set<String> STOPPING = Set.of("terminate", "update", "rollback");

  /**
   * How a unit ended.
   *
   * @param outcome {@link ActionResult#SUCCEEDED} or {@link ActionResult#FAILED}
   * @param transientFailure whether it failed because the runtime was away or did not answer (after
   *     its retries, or at once while the node's circuit was open)
   */
  record Ended(String outcome, String reason, Duration took, boolean transientFailure) {
    boolean succeeded() {
      return outcome.equals(ActionResult.SUCCEEDED);
    }
  }

  private final DispatchOptions options;
  private final DispatchMeters meters;
  private final ModelStates states;
  private final ScheduledExecutorService timers;
  private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
  private volatile Consumer<Work> calls = work -> {};

  UnitRunner(
      DispatchOptions options,
      DispatchMeters meters,
      ModelStates states,
      ScheduledExecutorService timers) {
    this.options = options;
    this.meters = meters;
    this.states = states;
    this.timers = timers;
  }

  /** Told of each call to an executor just before it is made. */
  void onCall(Consumer<Work> calls) {
    this.calls = calls;
  }

  /**
   * Runs a unit that has an executor, with retries; completes once it ended, never exceptionally.
   */
  CompletableFuture<Ended> run(Unit unit) {
    CompletableFuture<Ended> outcome = new CompletableFuture<>();
    AtomicInteger inFlight = meters.inFlight(unit.executor().name());
    inFlight.incrementAndGet();
    attempt(unit, 1, System.nanoTime(), outcome);
    return outcome.whenComplete((r, e) -> inFlight.decrementAndGet());
  }

  /** A node's circuit: closed, half-open or open. */
  String breakerState(String node) {
    return breaker(node == null ? "" : node).state().name().toLowerCase(Locale.ROOT);
  }

  /** Makes the node's circuit (and its gauge) exist before any work goes there. */
  void knowNode(String node) {
    breaker(node);
  }

  private void attempt(Unit unit, int attempt, long startNanos, CompletableFuture<Ended> outcome) {
    Breaker breaker = breaker(unit.node() == null ? "" : unit.node());
    String refusal = breaker.refusal(System.nanoTime());
    if (refusal != null) {
      end(unit, startNanos, ActionResult.FAILED, refusal, null, true, outcome);
      return;
    }
    call(unit)
        .whenComplete(
            (result, error) -> {
              if (error == null) {
                breaker.succeeded();
                end(
                    unit,
                    startNanos,
                    result.outcome().label(),
                    result.reason(),
                    result.succeeded() ? result.modelState() : null,
                    false,
                    outcome);
                return;
              }
              Throwable cause = unwrap(error);
              if (!(cause instanceof TransientFailure || cause instanceof TimeoutException)) {
                // an executor may fail only with TransientFailure: anything else is not retried
                end(unit, startNanos, ActionResult.FAILED, describe(cause), null, false, outcome);
                return;
              }
              String reason = describe(cause);
              if (!unit.work().action().equals(Resolver.PREPARE)
                  || breaker.state() == Breaker.State.HALF_OPEN) {
                // a warm start is tried again until the runtime is back: its failures must not
                // keep the circuit open for the launches decided then; a failed probe reopens it
                breaker.failed(reason, System.nanoTime());
              }
              if (attempt > options.retries()) {
                end(
                    unit,
                    startNanos,
                    ActionResult.FAILED,
                    reason + " (after " + attempt + " attempt(s))",
                    null,
                    true,
                    outcome);
                return;
              }
              meters.retries(unit.executor().name()).increment();
              timers.schedule(
                  () -> attempt(unit, attempt + 1, startNanos, outcome),
                  options.backoffBefore(attempt).toNanos(),
                  TimeUnit.NANOSECONDS);
            });
  }

  /** The executor's stage, or a timeout once the call takes too long. */
  private CompletableFuture<WorkResult> call(Unit unit) {
    CompletableFuture<WorkResult> answer = new CompletableFuture<>();
    CompletionStage<WorkResult> stage;
    try {
      calls.accept(unit.work());
      stage =
          unit.work().action().equals(Resolver.PREPARE)
              ? ((WarmStart) unit.executor()).prepare(unit.work())
              : unit.executor().execute(unit.work());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Duration limit = options.callTimeout();
    if (STOPPING.contains(unit.work().action())) {
      // a stop may take the Model's grace period before the runtime kills what is left
      limit = limit.plus(ModelMapping.gracePeriod(unit.work().target().model().document()));
    }
    Duration bound = limit;
    var timeout =
        timers.schedule(
            () ->
                answer.completeExceptionally(
                    new TimeoutException(
                        unit.executor().name()
                            + " did not answer within "
                            + bound.toMillis()
                            + " ms")),
            bound.toNanos(),
            TimeUnit.NANOSECONDS);
    stage.whenComplete(
        (r, e) -> {
          timeout.cancel(false);
          if (e != null) {
            answer.completeExceptionally(e);
          } else if (r == null) {
            answer.completeExceptionally(new IllegalStateException("no result"));
          } else {
            answer.complete(r);
          }
        });
    return answer;
  }

  private void end(
      Unit unit,
      long startNanos,
      String outcome,
      String reason,
      String modelState,
      boolean transientFailure,
      CompletableFuture<Ended> done) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    String action = unit.work().action();
    meters.finished(unit.executor().name(), action, outcome, took);
    if (modelState != null && unit.model() != null) {
      states.recordWork(action, unit.model(), modelState, reason);
    }
    done.complete(new Ended(outcome, reason, took, transientFailure));
  }

  private Breaker breaker(String node) {
    return breakers.computeIfAbsent(
        node,
        n -> {
          Breaker b = new Breaker(n, options.breakerFailures(), options.breakerOpenFor());
          meters.breaker(n, b::state);
          return b;
        });
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
