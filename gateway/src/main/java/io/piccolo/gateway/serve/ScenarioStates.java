package io.piccolo.gateway.serve;

import io.piccolo.adapters.dispatch.ScenarioStateRecorder;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.DecidedAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Records the scenario states in the store as {@code simulate --etcd} does (waiting at the start or
 * once applied, then satisfied, allowed or denied, and completed or failed once the action's work
 * has ended; idle once deleted), for the rule files' scenarios and those applied while serving,
 * through a queue that never holds the evaluator back, and publishes each transition as a {@code
 * state} event. Started before the evaluator and stopped after it, so the states of the last
 * samples evaluated are written before the process ends.
 */
final class ScenarioStates implements Part {
  private final Vertx vertx;
  private final ScenarioStateRecorder recorder;
  private final Duration outageLimit;
  private final PrintWriter log;

  ScenarioStates(
      Vertx vertx,
      StateStore store,
      Set<String> scenarios,
      EventHub events,
      Duration outageLimit,
      PrintWriter log) {
    this.vertx = vertx;
    this.outageLimit = outageLimit;
    this.log = log;
    this.recorder =
        new ScenarioStateRecorder(
            store,
            scenarios,
            refused -> {
              log.println("piccolo serve: scenario state not recorded: " + refused);
              log.flush();
            },
            (time, scenario, from, to) ->
                events.publishState(
                    time < 0 ? System.currentTimeMillis() : time, scenario, from, to));
  }

  @Override
  public String name() {
    return "scenario states";
  }

  @Override
  public Future<Void> start() {
    return vertx.executeBlocking(
        () -> {
          recorder.start();
          return null;
        });
  }

  /**
   * The scenarios that run from now on (applied or deleted while serving, or changed by a rule
   * reload): new ones are recorded as waiting, those gone are set idle.
   */
  void follow(java.util.Collection<String> scenarios) {
    recorder.follow(scenarios);
  }

  /** On the evaluator's thread, after each round. */
  void record(List<DecidedAction> round) {
    recorder.record(round);
  }

  /** The work of an allowed decision has ended, on a dispatcher's thread. */
  void finished(DecidedAction decision, boolean succeeded, long timeMillis) {
    recorder.finished(decision, succeeded, timeMillis);
  }

  @Override
  public Future<Void> stop() {
    return vertx.executeBlocking(
        () -> {
          int unwritten = recorder.finish(outageLimit);
          if (unwritten > 0) {
            log.println(
                "piccolo serve: "
                    + unwritten
                    + " scenario state transitions were not written: the store accepted none for"
                    + " store.outage-limit");
            log.flush();
          }
          recorder.close();
          return null;
        });
  }
}
