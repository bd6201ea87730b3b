package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** The same rule evaluated by Drools: an attribute keeps it out of the condition index. */
  private static final String FAST_IN_SESSION = FAST.replace("when\n", "salience 1\nwhen\n");

  @ParameterizedTest
  @ValueSource(strings = {"index", "session"})
  void anEdgeRuleFiresOncePerEpisodeAndReArmsWhenItsMatchGoesAway(String where) throws Exception {
    try (Fixtures.Drive run = new Fixtures.Drive(fast(where))) {
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

  private static RuleBase fast(String where) throws RuleBaseException {
    RuleBase rules = ruleBase(List.of(), where.equals("index") ? FAST : FAST_IN_SESSION);
    assertEquals(where.equals("index") ? 1 : 0, rules.indexedEdgeRules().size());
    return rules;
  }

  @ParameterizedTest
  @ValueSource(strings = {"index", "session"})
  void anEdgeRuleSuppressedByItsEpisodeIsNotCountedAsFiring(String where) throws Exception {
    try (Fixtures.Drive run = new Fixtures.Drive(fast(where))) {
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

  @ParameterizedTest
  @ValueSource(strings = {"index", "session"})
  void aReloadKeepsTheOpenEpisodesOfAnUnchangedEdgeRule(String where) throws Exception {
    String rule = where.equals("index") ? FAST : FAST_IN_SESSION;
    String other = "package rules.other;\nrule \"other\" when Signal(path == \"X\") then end\n";
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), rule, other))) {
      run.at(0, SPEED, 110.0);
      Evaluator.RulesReplaced replaced =
          run.evaluator.replaceRules(ruleBase(List.of(), rule, other + "// edited\n"), List.of());
      try (Fixtures.Drive after = new Fixtures.Drive(replaced.evaluator())) {
        after.at(1_000, SPEED, 120.0);
        after.at(2_000, SPEED, 90.0);
        after.at(3_000, SPEED, 130.0);
        assertEquals(List.of(0L), run.firingTimes("fast"));
        assertEquals(List.of(3_000L), after.firingTimes("fast"), "held across, re-armed after");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"index", "session"})
  void aChangedEdgeRuleStartsAfreshAfterAReload(String where) throws Exception {
    String rule = where.equals("index") ? FAST : FAST_IN_SESSION;
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), rule))) {
      run.at(0, SPEED, 110.0);
      Evaluator.RulesReplaced replaced =
          run.evaluator.replaceRules(
              ruleBase(List.of(), rule.replace("actions.launch", "actions.update")), List.of());
      try (Fixtures.Drive after = new Fixtures.Drive(replaced.evaluator())) {
        after.at(1_000, SPEED, 120.0);
        after.at(2_000, SPEED, 121.0);
        assertEquals(List.of(1_000L), after.firingTimes("fast"));
      }
    }
  }

  @Test
  void anIndexedEdgeRuleKeepsItsSignalsOutOfTheSessionAndSeesTheMatchedValues() throws Exception {
    String both =
        """
        package rules.edge;
        rule "fast and braking" @trigger(edge)
        when
            $speed : Signal(path == "Vehicle.Speed", number > 100, number <= 200)
            $brake : Signal(path == "Vehicle.Chassis.Brake.IsPressed", number == 1)
        then
            actions.request("report", "brake", Map.of("speed", $speed.getNumber(), "at", $brake.getTime()));
        end
        """;
    RuleBase rules = ruleBase(List.of(), both);
    assertEquals(1, rules.indexedEdgeRules().size());
    assertTrue(rules.signalFacts().isNone(), "no Signal fact reaches the session");
    try (Fixtures.Drive run = new Fixtures.Drive(rules)) {
      run.at(0, SPEED, 150.0, BRAKE, false);
      run.at(1_000, BRAKE, true);
      run.at(2_000, SPEED, 160.0);
      run.at(3_000, SPEED, 250.0);
      run.at(4_000, SPEED, 170.0);
      assertEquals(List.of(1_000L, 4_000L), run.firingTimes("fast and braking"));
      assertEquals(Map.of("speed", 150.0, "at", 1_000L), run.decided.get(0).params());
      assertEquals(Map.of("speed", 170.0, "at", 1_000L), run.decided.get(1).params());
    }
  }

  @Test
  void anIndexedRuleAndASessionRuleOnOnePathFireAsTheyWould() throws Exception {
    String plain = FAST.replace("\"fast\" @trigger(edge)", "\"every fast sample\"");
    try (Fixtures.Drive run = new Fixtures.Drive(ruleBase(List.of(), FAST, plain))) {
      run.at(0, SPEED, 110.0);
      run.at(1_000, SPEED, 120.0);
      assertEquals(List.of(0L), run.firingTimes("fast"));
      assertEquals(List.of(0L, 1_000L), run.firingTimes("every fast sample"));
    }
  }
}
