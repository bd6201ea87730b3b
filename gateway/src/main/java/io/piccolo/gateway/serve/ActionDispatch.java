package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.dispatch.DispatchListener;
import io.piccolo.adapters.dispatch.DispatchOptions;
import io.piccolo.adapters.dispatch.Dispatched;
import io.piccolo.adapters.dispatch.Dispatcher;
import io.piccolo.adapters.dispatch.ModelStates;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where decided actions leave {@code serve}: the dispatcher and the executors the settings name for
 * each node. Each unit's result goes back to the evaluator as an {@code ActionResult}, each
 * request's outcome completes or fails its scenario, and Model states go to the store and out as
 * {@code state} events. Started before the evaluator and stopped after it, so the work of the last
 * decisions finishes (or times out) and its states are written before the process ends.
 */
final class ActionDispatch implements Part {
  private final Vertx vertx;
  private final Dispatcher dispatcher;
  private final ModelStates states;
  private final Duration outageLimit;
  private final PrintWriter log;
  private final WorkloadRestarts restarts;

  /** When each line of the executors' and the failures' was last logged. */
  private final java.util.Map<String, Long> lastLogged = new java.util.HashMap<>();

  /** The same line is logged at most once per this, so a busy rule does not flood the log. */
  static final long REPEAT_MILLIS = 60_000;

  ActionDispatch(
      Vertx vertx,
      StateStore store,
      Settings settings,
      EventHub events,
      MeterRegistry meters,
      Supplier<LiveEvaluator> evaluator,
      Supplier<ScenarioStates> scenarios,
      PrintWriter log) {
    this.vertx = vertx;
    this.log = log;
    this.outageLimit = settings.get(Settings.STORE_OUTAGE_LIMIT);
    this.restarts = new WorkloadRestarts(this::dispatcher, events);
    this.states =
        new ModelStates(
            store,
            refused -> say("model state not recorded: " + refused),
            (model, from, to, reason) ->
                events.publishModelState(System.currentTimeMillis(), model, from, to, reason));
    this.dispatcher =
        new Dispatcher(
            store,
            Runtimes.routes(
                vertx,
                settings,
                line -> sayOnce(line),
                NetworkExecutors.of(settings, store, meters, evaluator, line -> sayOnce(line)),
                new Runtimes.Companion(
                    store, evaluator, meters, line -> sayOnce(line), events, restarts)),
            options(settings),
            new DispatchListener() {
              @Override
              public void result(ActionResult result) {
                if (result.isFailed()) {
                  sayOnce(describe(result));
                }
                LiveEvaluator live = evaluator.get();
                if (live != null) {
                  live.offerResult(result);
                }
              }

              @Override
              public void warmStartFailed(String model, String node, String reason) {
                sayOnce(
                    "warm start of Model "
                        + model
                        + (node == null ? "" : " on " + node)
                        + " failed (its next launch starts it from nothing): "
                        + reason);
              }

              @Override
              public void finished(Dispatched request, boolean succeeded, String reason) {
                restarts.finished(request, succeeded, reason);
                ScenarioStates recorder = scenarios.get();
                if (recorder != null) {
                  recorder.finished(request.decision(), succeeded, System.currentTimeMillis());
                }
              }
            },
            states,
            meters,
            System::currentTimeMillis);
  }

  /** The dispatcher, once made: restarts reach it only after serve started. */
  private Dispatcher dispatcher() {
    return dispatcher;
  }

  static DispatchOptions options(Settings settings) {
    return new DispatchOptions(
        settings.get(Settings.ACTION_TIMEOUT),
        settings.get(Settings.ACTION_RETRIES),
        settings.get(Settings.ACTION_BACKOFF),
        Duration.ofSeconds(5),
        settings.get(Settings.BREAKER_FAILURES),
        settings.get(Settings.BREAKER_OPEN_FOR));
  }

  private static String describe(ActionResult r) {
    return r.getAction()
        + " "
        + r.getTarget()
        + (r.getModel() == null ? "" : " (Model " + r.getModel() + ")")
        + (r.getNode() == null ? "" : " on " + r.getNode())
        + " failed: "
        + r.getReason();
  }

  private synchronized void say(String line) {
    log.println("piccolo serve: " + line);
    log.flush();
  }

  /** Logs a line unless the same one was logged within {@link #REPEAT_MILLIS}. */
  private synchronized void sayOnce(String line) {
    long now = System.currentTimeMillis();
    Long last = lastLogged.get(line);
    if (last != null && now - last < REPEAT_MILLIS) {
      return;
    }
    if (lastLogged.size() > 10_000) {
      lastLogged.clear(); // a bound on memory; at worst a line is logged again early
    }
    lastLogged.put(line, now);
    say(line);
  }

  @Override
  public String name() {
    return "dispatcher";
  }

  @Override
  public Future<Void> start() {
    return Future.fromCompletionStage(dispatcher.start());
  }

  /** Told of each call to an executor as it is made (benchmarks). */
  void onCall(java.util.function.Consumer<io.piccolo.adapters.Work> calls) {
    dispatcher.onCall(calls);
  }

  /** On the evaluator's thread, after the round's scenario states were recorded; never blocks. */
  void dispatch(List<DecidedAction> round) {
    dispatcher.dispatch(round);
  }

  @Override
  public Future<Void> stop() {
    return Future.fromCompletionStage(dispatcher.stop())
        .compose(
            stopped ->
                vertx.executeBlocking(
                    () -> {
                      int unwritten = states.finish(outageLimit);
                      if (unwritten > 0) {
                        say(
                            unwritten
                                + " model state transitions were not written: the store accepted"
                                + " none for store.outage-limit");
                      }
                      states.close();
                      return null;
                    }));
  }
}
