package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.held;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.fact.PackageState;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** New rules swapped into a running evaluator: what carries over, what starts again. */
class RuleReloadTest {
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";
  private static final String SPEED = "Vehicle.Speed";

  private static final String CAMERA =
      """
      package rules.camera;
      declare RearCameraOn end
      rule "rear camera on in reverse"
      when
          Signal(path == "Vehicle.Powertrain.Transmission.CurrentGear", number < 0)
          not RearCameraOn()
      then
          insert(new RearCameraOn());
          actions.launch("rear-camera");
      end
      """;

  private static final String AVERAGE =
      """
      package rules.speed;
      rule "average speed"
      when
          Signal(path == "Vehicle.Speed")
          $avg : Number() from accumulate(
              SignalEvent(path == "Vehicle.Speed", $n : number) over window:time(60s),
              average($n))
      then
          actions.request("report", "average", Map.of("avg", $avg.doubleValue()));
      end
      """;

  /** Drives the evaluator across a swap: the replaced one is closed, the new one runs on. */
  private static final class Reloading implements AutoCloseable {
    Evaluator evaluator;
    final List<DecidedAction> decided = new ArrayList<>();

    Reloading(RuleBase rules) {
      this.evaluator = new Evaluator(rules, EvaluatorOptions.simulation());
    }

    void at(long millis, Object... pathsAndValues) {
      SampleBatch batch = new SampleBatch();
      for (int i = 0; i < pathsAndValues.length; i += 2) {
        batch.add((String) pathsAndValues[i], pathsAndValues[i + 1]);
      }
      decided.addAll(evaluator.step(millis, batch));
    }

    CarryOver reload(RuleBase next) {
      return reload(next, next.scenarios());
    }

    CarryOver reload(RuleBase next, List<Scenario> definitions) {
      Evaluator.RulesReplaced replaced = evaluator.replaceRules(next, definitions);
      evaluator = replaced.evaluator();
      return replaced.carryOver();
    }

    List<DecidedAction> of(String target) {
      return decided.stream().filter(d -> d.target().equals(target)).toList();
    }

    @Override
    public void close() {
      evaluator.close();
    }
  }

  @Test
  void aReloadWhileInReverseDoesNotLaunchTheRearCameraAgain() throws Exception {
    try (Reloading run = new Reloading(ruleBase(List.of(), CAMERA))) {
      run.at(0, GEAR, -1);
      assertEquals(1, run.of("rear-camera").size());
      CarryOver carried = run.reload(ruleBase(List.of(), CAMERA + "\n// edited\n"));
      run.at(1_000);
      run.at(2_000, GEAR, -1);
      assertEquals(1, run.of("rear-camera").size(), "RearCameraOn carried over: " + run.decided);
      assertEquals(1, carried.declaredFacts());
      assertEquals(1, carried.signals());
      assertEquals(List.of(), carried.dropped());
    }
  }

  @Test
  void aDeclaredFactStillGuardsItsRuleWhenAnotherPackageChanged() throws Exception {
    String other =
        "package rules.other;\nrule \"other\" when Signal(path == \"Vehicle.X\") then end\n";
    try (Reloading run = new Reloading(ruleBase(List.of(), CAMERA, other))) {
      run.at(0, GEAR, -1);
      RuleBase next =
          new io.piccolo.engine.rulebase.RuleBaseBuilder()
              .rebuildOf(run.evaluator.ruleBase())
              .addDrl(new io.piccolo.engine.rulebase.RuleSource("test0.drl", CAMERA))
              .addDrl(new io.piccolo.engine.rulebase.RuleSource("test1.drl", other + "// edited\n"))
              .build();
      assertEquals(0, next.reusedPackages(), "a package that declares types is compiled again");
      CarryOver carried = run.reload(next);
      assertEquals(1, carried.declaredFacts(), carried.toString());
      run.at(1_000, GEAR, -1);
      assertEquals(1, run.of("rear-camera").size(), "RearCameraOn still guards: " + run.decided);
    }
  }

  @Test
  void aChangedDeclarationIsDroppedAndNamed() throws Exception {
    try (Reloading run = new Reloading(ruleBase(List.of(), CAMERA))) {
      run.at(0, GEAR, -1);
      CarryOver carried =
          run.reload(
              ruleBase(
                  List.of(),
                  CAMERA.replace(
                      "declare RearCameraOn end", "declare RearCameraOn since: long end")));
      assertEquals(
          List.of(new CarryOver.Dropped("rules.camera.RearCameraOn", 1, "its declaration changed")),
          carried.dropped());
      run.at(1_000);
      assertEquals(2, run.of("rear-camera").size(), "without the fact the rule fires again");
    }
  }

  @Test
  void aSixtySecondAverageIsNotResetByAReload() throws Exception {
    try (Reloading run = new Reloading(ruleBase(List.of(), AVERAGE))) {
      for (long t = 0; t <= 50_000; t += 10_000) {
        run.at(t, SPEED, 150.0);
      }
      CarryOver carried = run.reload(ruleBase(List.of(), AVERAGE + "\n// edited\n"));
      assertEquals(6, carried.signalEvents());
      run.decided.clear();
      run.at(55_000, SPEED, 10.0);
      double avg = (double) run.of("average").get(run.of("average").size() - 1).params().get("avg");
      assertEquals((6 * 150.0 + 10.0) / 7, avg, 1e-9, "the six samples before the reload count");
      run.at(75_000, SPEED, 10.0); // 0 s and 10 s have left the window
      avg = (double) run.of("average").get(run.of("average").size() - 1).params().get("avg");
      assertEquals((4 * 150.0 + 20.0) / 6, avg, 1e-9, "carried events expire at their own time");
    }
  }

  @Test
  void aForTimerOfAnUnchangedScenarioKeepsRunning() throws Exception {
    Scenario held = scenario("held", held(SPEED, Op.GT, 100, 5_000));
    try (Reloading run = new Reloading(ruleBase(List.of(held)))) {
      run.at(0, SPEED, 120.0);
      run.at(3_000);
      CarryOver carried =
          run.reload(
              ruleBase(
                  List.of(held),
                  "package p;\nrule \"x\" when Signal(path == \"Vehicle.Other\") then end\n"));
      assertEquals(1, carried.scenariosContinued());
      run.evaluator.runTimersThrough(10_000).forEach(run.decided::add);
      assertEquals(
          List.of(5_000L), run.of("held-app").stream().map(DecidedAction::timeMillis).toList());
      run.at(11_000, SPEED, 121.0);
      assertEquals(1, run.of("held-app").size(), "a held condition does not fire again");
    }
  }

  @Test
  void aChangedScenarioStartsAfresh() throws Exception {
    Scenario held = scenario("held", held(SPEED, Op.GT, 100, 5_000));
    Scenario changed = scenario("held", held(SPEED, Op.GT, 110, 5_000));
    try (Reloading run = new Reloading(ruleBase(List.of(held)))) {
      run.at(0, SPEED, 120.0);
      run.at(3_000);
      CarryOver carried = run.reload(ruleBase(List.of(changed)));
      assertEquals(0, carried.scenariosContinued());
      assertEquals(1, carried.scenariosStarted());
      run.evaluator.runTimersThrough(10_000).forEach(run.decided::add);
      assertEquals(
          List.of(8_000L), run.of("held-app").stream().map(DecidedAction::timeMillis).toList());
    }
  }

  @Test
  void stateFactsCarryOver() throws Exception {
    String drl =
        "package p;\nrule \"running\" when PackageState(name == \"nav\") Signal(path == \"Vehicle.Speed\") then actions.launch(\"seen\"); end\n";
    try (Reloading run = new Reloading(ruleBase(List.of(), drl))) {
      run.evaluator.replaceFacts("packages", Map.of("nav", new PackageState("nav", "running")));
      CarryOver carried = run.reload(ruleBase(List.of(), drl + "// edited\n"));
      assertEquals(1, carried.stateFacts());
      run.at(1_000, SPEED, 1.0);
      assertEquals(1, run.of("seen").size());
    }
  }

  @Test
  @Timeout(60)
  void noSampleIsLostOrAppliedTwiceAcrossLiveSwaps() throws Exception {
    String drl =
        "package p;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 1e9) then"
            + " actions.launch(\"never\"); end\n";
    int samples = 20_000;
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(List.of(), drl),
                EvaluatorOptions.live(),
                Duration.ofMillis(1),
                samples,
                round -> {})
            .startAndWait()) {
      Thread feeder =
          new Thread(
              () -> {
                for (int i = 0; i < samples; i++) {
                  assertTrue(live.offer(SPEED, (double) i));
                }
              });
      feeder.start();
      int swaps = 0;
      while (feeder.isAlive() || swaps == 0) {
        live.replaceRules(ruleBase(List.of(), drl + "// " + swaps + "\n"), List.of())
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
        swaps++;
      }
      feeder.join();
      org.awaitility.Awaitility.await("every sample is applied")
          .atMost(Duration.ofSeconds(20))
          .until(() -> live.snapshot().toCompletableFuture().get().signalsIn() >= samples);
      assertEquals(samples, live.snapshot().toCompletableFuture().get().signalsIn());
      assertEquals(0, live.dropped());
    }
  }
}
