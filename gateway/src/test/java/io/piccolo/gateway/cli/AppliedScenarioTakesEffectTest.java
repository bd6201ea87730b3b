package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.store.ScenarioFeed;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A running evaluator follows etcd: what `piccolo apply` stores takes effect without a restart. */
class AppliedScenarioTakesEffectTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aScenarioAppliedWithTheCommandLineFiresInARunningEvaluator() throws Exception {
    BlockingQueue<DecidedAction> decided = new LinkedBlockingQueue<>();
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint());
        LiveEvaluator live =
            new LiveEvaluator(
                    new RuleBaseBuilder().build(),
                    EvaluatorOptions.live(),
                    LiveEvaluator.DEFAULT_BATCH_LATENCY,
                    10_000,
                    round -> decided.addAll(round))
                .startAndWait();
        StateStore.Watch watch =
            ScenarioFeed.follow(
                store,
                live::replaceScenarios,
                unreadable -> {
                  throw new AssertionError(unreadable);
                })) {
      // the sample is evaluated before any scenario exists: the applied one must still see it
      live.offer("Vehicle.Speed", 130.0);
      Waits.until(
          "the sample is evaluated",
          Duration.ofSeconds(10),
          () -> live.snapshot().toCompletableFuture().join().signalsIn() == 1);

      Path file = dir.resolve("fast.yaml");
      Files.writeString(file, SpeedWarningArtifacts.YAML);
      Cli apply = Cli.run("apply", "-f", file.toString(), "--etcd", etcd.endpoint());
      assertEquals(0, apply.exitCode(), apply::toString);

      Waits.until("the applied scenario fires", Duration.ofSeconds(10), () -> !decided.isEmpty());
      DecidedAction d = decided.poll();
      assertEquals(
          List.of("too-fast", "launch", "speed-warning"),
          List.of(d.scenario(), d.action(), d.target()));
      Waits.holdsFor("edge-triggered: fires once", Duration.ofMillis(300), decided::isEmpty);
    }
  }
}
