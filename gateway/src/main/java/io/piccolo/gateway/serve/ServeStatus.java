package io.piccolo.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.engine.EngineStats;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.gateway.security.Role;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code rules.status}: what is loaded (the rule base running now, after any reload), the queue,
 * samples accepted, refused, of unknown paths and evaluated, rule failures, events dropped and
 * readiness. It is answered once the evaluator has evaluated as many samples as had been accepted
 * when it was asked, and after the events of those rounds were sent: a publisher that asks it has
 * seen every decision of the samples it had published. While a round is stuck in a rule it answers
 * without the evaluator's figures after {@link #EVALUATOR_WAIT}.
 */
final class ServeStatus {
  static final java.time.Duration EVALUATOR_WAIT = java.time.Duration.ofSeconds(2);

  private final io.vertx.core.Vertx vertx;
  private final Supplier<LoadedRules> rules;
  private final Supplier<LiveEvaluator> evaluator;
  private final SignalQueue signals;
  private final Readiness readiness;
  private final Supplier<Map<String, Long>> webhookCounts;

  ServeStatus(
      io.vertx.core.Vertx vertx,
      Supplier<LoadedRules> rules,
      Supplier<LiveEvaluator> evaluator,
      SignalQueue signals,
      Readiness readiness,
      Supplier<Map<String, Long>> webhookCounts) {
    this.vertx = vertx;
    this.rules = rules;
    this.evaluator = evaluator;
    this.signals = signals;
    this.readiness = readiness;
    this.webhookCounts = webhookCounts;
  }

  RpcMethod method(EventHub hub) {
    return new RpcMethod() {
      @Override
      public Role role() {
        return Role.VIEWER;
      }

      @Override
      public Future<JsonNode> call(ObjectNode params, StreamConnection connection) throws RpcError {
        if (!params.isEmpty()) {
          throw RpcError.badParam(
              params.fieldNames().next(), "unknown field (rules.status takes no params)");
        }
        Promise<JsonNode> answer = Promise.promise();
        long timer =
            vertx.setPeriodic(
                EVALUATOR_WAIT.toMillis(),
                check -> {
                  if (!readiness.ready()) { // a round stuck in a rule: answer without its figures
                    answer.tryComplete(status(null, hub.droppedByKind()));
                  }
                });
        answer.future().onComplete(done -> vertx.cancelTimer(timer));
        afterEvaluated(
            signals.accepted(),
            stats ->
                hub.afterPublished(() -> answer.tryComplete(status(stats, hub.droppedByKind()))));
        return answer.future();
      }
    };
  }

  /** Once the evaluator has applied {@code accepted} samples (or failed to say). */
  private void afterEvaluated(
      long accepted, java.util.function.Consumer<EngineStats.Snapshot> then) {
    LiveEvaluator live = evaluator.get();
    if (live == null) {
      then.accept(null); // the rules are still being built: nothing was evaluated yet
      return;
    }
    live.snapshot()
        .whenComplete(
            (stats, failure) -> {
              if (failure != null || stats.signalsIn() >= accepted || signals.depth() == 0) {
                then.accept(failure == null ? stats : null);
              } else {
                // asked again from another thread, so it waits for the evaluator's next round
                // rather than running at once among the tasks of this one
                vertx.runOnContext(again -> afterEvaluated(accepted, then));
              }
            });
  }

  private ObjectNode status(EngineStats.Snapshot stats, Map<String, Long> dropped) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    LoadedRules loaded = rules.get();
    ObjectNode out = nodes.objectNode();
    ObjectNode r = out.putObject("rules");
    if (loaded == null) {
      r.put("building", true);
    } else {
      r.put("scenarios", loaded.scenarios())
          .put("drlRules", loaded.drlRules())
          .put("drlPackages", loaded.drlPackages());
      loaded.files().forEach(r.putArray("files")::add);
    }
    out.putObject("queue").put("depth", signals.depth()).put("capacity", signals.capacity());
    ObjectNode samples =
        out.putObject("samples")
            .put("accepted", signals.accepted())
            .put("refused", signals.refused())
            .put("unknown", signals.unknown().count());
    if (stats != null) {
      samples.put("evaluated", stats.signalsIn());
      out.put("ruleFailures", stats.ruleFailures());
    }
    ObjectNode events = out.putObject("eventsDropped");
    dropped.forEach(events::put);
    ObjectNode hooks = out.putObject("webhooks");
    webhookCounts.get().forEach(hooks::put);
    out.put("ready", readiness.ready());
    ObjectNode reasons = out.putObject("reasons");
    readiness.reasons().forEach(reasons::put);
    return out;
  }
}
