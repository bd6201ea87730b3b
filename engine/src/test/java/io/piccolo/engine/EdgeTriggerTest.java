package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @trigger(edge)}: a DRL rule fires once per episode of a match, as a YAML scenario. */
class EdgeTriggerTest {
  private static final String SPEED = "Vehicle.Speed";
  private static final String BRAKE = "Vehicle.Chassis.Brake.IsPressed";

  private static final String FAST =
      """
      package rules.edge;
      rule "fast" @trigger(edge)
      when
          Signal(path == "Vehicle.Speed", number > 100)
      then
          actions.launch("fast-app");
      end
      """;

  @Test
  void anEdgeRuleFiresOncePerEpisodeAndReArmsWhenItsMatchGoesAway() throws Exception {
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), FAST))) {
      run.at(0, SPEED, 110.0);
      run.at(1_000, SPEED, 120.0); // the matched Signal is updated, the match holds
      run.at(2_000, SPEED, 130.0);
      run.at(3_000, SPEED, 90.0);
      run.at(4_000, SPEED, 140.0);
      run.at(5_000, SPEED, 150.0);
      assertEquals(List.of(0L, 4_000L), run.firingTimes("fast"));
    }
  }

  @Test
  void withoutTheTriggerTheSameRuleFiresOnEveryUpdate() throws Exception {
    try (Fixtures.Drive run =
        new Fixtures.Drive(ruleBase(List.of(), FAST.replace(" @trigger(edge)", "")))) {
      run.at(0, SPEED, 110.0);
      run.at(1_000, SPEED, 120.0);
      run.at(2_000, SPEED, 90.0);
      assertEquals(List.of(0L, 1_000L), run.firingTimes("fast"));
    }
  }

  @Test
  void anEdgeRuleSuppressedByItsEpisodeIsNotCountedAsFiring() throws Exception {
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), FAST))) {
      run.at(0, SPEED, 110.0);
      run.at(1_000, SPEED, 120.0);
      run.at(2_000, SPEED, 130.0);
      assertEquals(1L, (long) run.evaluator.stats().firedByRule().get("fast"));
    }
  }

  @Test
  void aJoinMatchingTwoDifferentFactsIsTwoEpisodes() throws Exception {
    String doors =
        """
        package rules.edge;
        rule "door open while moving" @trigger(edge)
        when
            $door : Signal(path in ("Door.Left", "Door.Right"), flag)
            Signal(path == "Vehicle.Speed", number > 5)
        then
            actions.request("warn", "door-warning", Map.of("door", $door.getPath()));
        end
        """;
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), doors))) {
      run.at(0, SPEED, 10.0, "Door.Left", true);
      run.at(1_000, SPEED, 20.0); // both facts of the match updated: still the same episode
      run.at(2_000, "Door.Right", true);
      run.at(3_000, SPEED, 30.0, "Door.Left", true);
      run.at(4_000, "Door.Left", false);
      run.at(5_000, "Door.Left", true);
      assertEquals(
          List.of("0:Door.Left", "2000:Door.Right", "5000:Door.Left"),
          run.decided.stream().map(d -> d.timeMillis() + ":" + d.params().get("door")).toList());
    }
  }

  @Test
  void aNotThatBecomesFalseReArmsTheRule() throws Exception {
    String noBrake =
        """
        package rules.edge;
        rule "fast without braking" @trigger(edge)
        when
            Signal(path == "Vehicle.Speed", number > 100)
            not Signal(path == "Vehicle.Chassis.Brake.IsPressed", flag)
        then
            actions.launch("coach");
        end
        """;
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), noBrake))) {
      run.at(0, SPEED, 110.0, BRAKE, false);
      run.at(1_000, SPEED, 120.0, BRAKE, false);
      run.at(2_000, BRAKE, true);
      run.at(3_000, SPEED, 125.0);
      run.at(4_000, BRAKE, false);
      run.at(5_000, SPEED, 126.0);
      assertEquals(List.of(0L, 4_000L), run.firingTimes("fast without braking"));
    }
  }

  @Test
  void anAccumulateResultChangingAtEverySampleIsOneEpisode() throws Exception {
    String average =
        """
        package rules.edge;
        rule "high average" @trigger(edge)
        when
            Signal(path == "Vehicle.Speed")
            $avg : Number(doubleValue > 100) from accumulate(
                SignalEvent(path == "Vehicle.Speed", $n : number) over window:time(10s),
                average($n))
        then
            actions.request("report", "average", Map.of("avg", $avg.doubleValue()));
        end
        """;
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), average))) {
      run.at(0, SPEED, 150.0);
      run.at(1_000, SPEED, 160.0);
      run.at(2_000, SPEED, 170.0);
      run.at(3_000, SPEED, 0.0); // average 120: still high
      run.at(4_000, SPEED, 0.0); // 96: low
      run.at(5_000, SPEED, 500.0); // high again
      assertEquals(List.of(0L, 5_000L), run.firingTimes("high average"));
      assertEquals(150.0, run.decided.get(0).params().get("avg"));
    }
  }

  @Test
  void aTimerRuleFiresOncePerEpisodeAfterItsDelay() throws Exception {
    String held =
        """
        package rules.edge;
        rule "held fast" @trigger(edge)
        timer (int: 2s 1s)
        when
            Signal(path == "Vehicle.Speed", number > 100)
        then
            actions.launch("held-app");
        end
        """;
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), held))) {
      run.at(0, SPEED, 110.0);
      run.until(6_000); // the timer fires at 2, 3, 4, 5 and 6 s; one episode
      run.at(7_000, SPEED, 90.0);
      run.at(8_000, SPEED, 120.0);
      run.until(12_000);
      assertEquals(List.of(2_000L, 10_000L), run.firingTimes("held fast"));
    }
  }

  @Test
  void aWrongTriggerValueNamesItsFileAndLine() {
    RuleBaseException e =
        assertThrows(
            RuleBaseException.class,
            () ->
                new RuleBaseBuilder()
                    .addDrl(new RuleSource("rules/edge.drl", FAST.replace("(edge)", "(edgy)")))
                    .build());
    assertEquals(
        List.of(
            "rules/edge.drl:2:13: rule 'fast': unknown trigger 'edgy' (use @trigger(edge) to fire"
                + " once per match, re-armed when it goes away, or @trigger(level), the default,"
                + " to fire on every change of the match)"),
        e.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void aLevelTriggerIsDroolsOwnBehaviour() throws Exception {
    try (Fixtures.Drive run =
        new Fixtures.Drive(ruleBase(List.of(), FAST.replace("(edge)", "(level)")))) {
      run.at(0, SPEED, 110.0);
      run.at(1_000, SPEED, 120.0);
      assertEquals(List.of(0L, 1_000L), run.firingTimes("fast"));
    }
  }

  @Test
  void aReloadKeepsTheOpenEpisodesOfAnUnchangedEdgeRule() throws Exception {
    String other = "package rules.other;\nrule \"other\" when Signal(path == \"X\") then end\n";
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), FAST, other))) {
      run.at(0, SPEED, 110.0);
      Evaluator.RulesReplaced replaced =
          run.evaluator.replaceRules(ruleBase(List.of(), FAST, other + "// edited\n"), List.of());
      try (Fixtures.Drive after = new Fixtures.Drive(replaced.evaluator())) {
        after.at(1_000, SPEED, 120.0);
        after.at(2_000, SPEED, 90.0);
        after.at(3_000, SPEED, 130.0);
        assertEquals(List.of(0L), run.firingTimes("fast"));
        assertEquals(List.of(3_000L), after.firingTimes("fast"), "held across, re-armed after");
      }
    }
  }

  @Test
  void aChangedEdgeRuleStartsAfreshAfterAReload() throws Exception {
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), FAST))) {
      run.at(0, SPEED, 110.0);
      Evaluator.RulesReplaced replaced =
          run.evaluator.replaceRules(
              ruleBase(List.of(), FAST.replace("number > 100", "number > 105")), List.of());
      try (Fixtures.Drive after = new Fixtures.Drive(replaced.evaluator())) {
        after.at(1_000, SPEED, 120.0);
        after.at(2_000, SPEED, 121.0);
        assertEquals(List.of(1_000L), after.firingTimes("fast"));
      }
    }
  }
}
