package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.held;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.index.ScenarioIndex;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenarios replaced while the evaluator runs: nothing restarts, nothing fires twice. */
class ScenarioReplacementTest {
  private static final String SPEED = "Vehicle.Speed";

  private static Scenario boot(String target) {
    return new Scenario("boot", "launch", target, Map.of(), null, Trigger.EDGE, 0, Origin.UNKNOWN);
  }

  @Test
  void anUnchangedScenarioCarriesOnAndANewOneSeesTheLastSample() throws Exception {
    var fast = scenario("fast", when(SPEED, Op.GT, 100));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(fast)))) {
      drive.at(0, SPEED, 120.0);
      drive.evaluator.replaceScenarios(
          List.of(
              new Scenario(
                  "fast",
                  "launch",
                  "fast-app",
                  Map.of(),
                  new io.piccolo.engine.scenario.Condition.Comparison(
                      SPEED, Op.GT, 100, 0, new Origin("moved.yaml", 9, 1)),
                  Trigger.EDGE,
                  0,
                  new Origin("moved.yaml", 7, 1)),
              scenario("very-fast", when(SPEED, Op.GT, 110))));
      drive.at(1_000);
      assertEquals(List.of(0L), drive.firingTimes("fast"), "moving a scenario does not reset it");
      assertEquals(List.of(1_000L), drive.firingTimes("very-fast"));
    }
  }

  @Test
  void aChangedScenarioStartsAfresh() throws Exception {
    try (Fixtures.Drive drive =
        new Fixtures.Drive(
            ruleBase(List.of(scenario("fast", when(SPEED, Op.GT, 150)), boot("a"))))) {
      drive.at(0, SPEED, 120.0);
      drive.evaluator.replaceScenarios(
          List.of(scenario("fast", when(SPEED, Op.GT, 100)), boot("a")));
      drive.at(1_000);
      drive.evaluator.replaceScenarios(
          List.of(scenario("fast", when(SPEED, Op.GT, 100)), boot("b")));
      drive.at(2_000);
      assertEquals(List.of(1_000L), drive.firingTimes("fast"));
      assertEquals(List.of(0L, 2_000L), drive.firingTimes("boot"), "fires again only when changed");
    }
  }

  @Test
  void aPendingForTimerKeepsItsDueTime() throws Exception {
    var held = scenario("held", held(SPEED, Op.GT, 100, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(held)))) {
      drive.at(0, SPEED, 120.0);
      drive.at(4_000);
      drive.evaluator.replaceScenarios(
          List.of(held, scenario("other", when("Vehicle.Other", Op.EQ, 1))));
      drive.until(20_000);
      assertEquals(List.of(10_000L), drive.firingTimes("held"));
    }
  }

  @Test
  void aScenarioOnAPathNoneReadBeforeSeesTheValueItHolds() throws Exception {
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of()))) {
      drive.at(0, SPEED, 130.0, "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen", true);
      drive.evaluator.replaceScenarios(
          List.of(scenario("unrelated", when("Vehicle.Other", Op.EQ, 1))));
      drive.evaluator.replaceScenarios(List.of(scenario("fast", when(SPEED, Op.GT, 120))));
      drive.at(1_000);
      assertEquals(List.of(1_000L), drive.firingTimes("fast"));
    }
  }

  @Test
  void pathsNothingReadsAreKeptUpToABoundAndTheFirstOnesStillReachALaterScenario() {
    ScenarioIndex index = new ScenarioIndex(List.of());
    for (int i = 0; i <= ScenarioIndex.UNREAD_PATHS_KEPT; i++) {
      index.onSample("Vehicle.Custom.S" + i, 130.0, 130.0, 0);
    }
    ScenarioIndex next =
        index.successor(
            List.of(
                scenario("first", when("Vehicle.Custom.S0", Op.GT, 120)),
                scenario(
                    "beyond",
                    when("Vehicle.Custom.S" + ScenarioIndex.UNREAD_PATHS_KEPT, Op.GT, 120))),
            1_000);
    List<String> fired = new ArrayList<>();
    next.evaluate(1_000, s -> fired.add(s.name()));
    assertEquals(
        List.of("first"),
        fired,
        "the path kept reaches the new scenario; the one beyond the bound waits for its next sample");
    next.onSample("Vehicle.Custom.S" + ScenarioIndex.UNREAD_PATHS_KEPT, 130.0, 130.0, 2_000);
    next.evaluate(2_000, s -> fired.add(s.name()));
    assertEquals(List.of("first", "beyond"), fired);
  }
}
