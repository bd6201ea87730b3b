package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.store.StoreFacts;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** States and artifacts written by others (here etcdctl) become facts policies decide with. */
class StatesAsFactsTest {
  private static final String POLICY =
      """
      package policies;

      rule "no video while its package is degraded"
      when
          $r : ActionRequest(target == "video-player")
          PackageState(name == "video-player", state == "degraded")
          PackageSpec(name == "video-player", $models : models)
      then
          $r.deny("package degraded (models " + $models + ")");
      end
      """;

  @Test
  @Timeout(60)
  void aPackageStatePutWithEtcdctlDecidesTheNextRequest() throws Exception {
    BlockingQueue<DecidedAction> decided = new LinkedBlockingQueue<>();
    Scenario play =
        new Scenario(
            "play",
            "launch",
            "video-player",
            Map.of(),
            new Condition.Comparison(
                "Vehicle.Cabin.Infotainment.Media.Action", Op.EQ, "PLAY", 0, Origin.UNKNOWN),
            Trigger.LEVEL,
            0,
            Origin.UNKNOWN);
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint());
        LiveEvaluator live =
            new LiveEvaluator(
                    new RuleBaseBuilder()
                        .addDrl(new RuleSource("policy.drl", POLICY))
                        .addScenarios(List.of(play))
                        .build(),
                    EvaluatorOptions.live(),
                    LiveEvaluator.DEFAULT_BATCH_LATENCY,
                    10_000,
                    decided::addAll)
                .startAndWait();
        StateStore.Watch facts = StoreFacts.follow(store, live::replaceFacts)) {
      etcd.etcdctl(
          "put",
          "Package/video-player",
          "kind: Package\nmetadata: {name: video-player}\nspec:\n  models: [{name: player, node: HPC}]\n");
      etcd.etcdctl("put", "/package/video-player/state", "PACKAGE_STATE_DEGRADED");

      // the watches deliver the facts shortly; until then the level scenario is allowed
      AtomicReference<DecidedAction> denied = new AtomicReference<>();
      Waits.until(
          "a request is denied by the degraded package",
          Duration.ofSeconds(10),
          () -> {
            live.offer("Vehicle.Cabin.Infotainment.Media.Action", "PLAY");
            DecidedAction d = decided.poll(1, TimeUnit.SECONDS);
            if (d != null && d.decision() == Decision.DENIED) {
              denied.set(d);
            }
            return denied.get() != null;
          });
      DecidedAction d = denied.get();
      assertEquals("package degraded (models [player])", d.reason());
    }
  }
}
