package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.all;
import static io.piccolo.engine.Fixtures.cooledScenario;
import static io.piccolo.engine.Fixtures.held;
import static io.piccolo.engine.Fixtures.levelScenario;
import static io.piccolo.engine.Fixtures.none;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.index.ScenarioCounters;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code for} timers, edge re-arming, level triggers, cooldowns and scenarios without condition.
 */
class TimingTest {
  private static final String SPEED = "Vehicle.Speed";

  @Test
  void forFiresWhenTheDurationElapsesWithoutANewSample() throws Exception {
    var s = scenario("fast", held(SPEED, Op.GT, 120, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(1_000, SPEED, 130.0);
      assertEquals(List.of(), drive.until(10_999));
      List<DecidedAction> fired = drive.until(60_000);
      assertEquals(1, fired.size());
      assertEquals(
          11_000, fired.get(0).timeMillis(), "an action fired by a timer carries the timer's time");
    }
  }

  @Test
  void forRestartsWhenTheComparisonBreaks() throws Exception {
    var s = scenario("fast", held(SPEED, Op.GT, 120, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 130.0);
      drive.at(9_000, SPEED, 100.0);
      drive.at(12_000, SPEED, 125.0);
      drive.until(30_000);
      assertEquals(List.of(22_000L), drive.firingTimes("fast"));
    }
  }

  @Test
  void aTimerDueAtASamplesTimeFiresBeforeTheSampleApplies() throws Exception {
    var s = scenario("fast", held(SPEED, Op.GT, 120, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 130.0);
      drive.at(10_000, SPEED, 50.0); // the condition held for the whole 10 s
      assertEquals(List.of(10_000L), drive.firingTimes("fast"));
    }
  }

  @Test
  void underNotItIsTheHeldConditionThatIsNegated() throws Exception {
    var s =
        scenario("not-yet-fast", all(when(SPEED, Op.GT, 0), none(held(SPEED, Op.GT, 120, 5_000))));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 0.0);
      drive.at(1_000, SPEED, 130.0); // moving, not yet held: fires
      drive.until(6_000); // held now: the negation turns false
      drive.at(7_000, SPEED, 90.0); // no longer held: true again
      assertEquals(List.of(1_000L, 7_000L), drive.firingTimes("not-yet-fast"));
    }
  }

  @Test
  void edgeTriggerReArmsOnlyAfterTheConditionTurnsFalse() throws Exception {
    var s = scenario("fast", when(SPEED, Op.GT, 100));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 110.0);
      drive.at(1_000, SPEED, 120.0);
      drive.at(2_000, SPEED, 90.0);
      drive.at(3_000, SPEED, 101.0);
      assertEquals(List.of(0L, 3_000L), drive.firingTimes("fast"));
    }
  }

  @Test
  void levelTriggerFiresAtEverySampleWhileTrue() throws Exception {
    var s = levelScenario("fast", when(SPEED, Op.GT, 100));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 110.0);
      drive.at(1_000, SPEED, 110.0);
      drive.at(2_000, "Vehicle.Other", 1.0); // not one of its signals
      drive.at(3_000, SPEED, 90.0);
      drive.at(4_000, SPEED, 120.0);
      assertEquals(List.of(0L, 1_000L, 4_000L), drive.firingTimes("fast"));
    }
  }

  @Test
  void cooldownSuppressesFiringsAndCountsThem() throws Exception {
    var s = cooledScenario("fast", when(SPEED, Op.GT, 100), 10_000);
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 110.0); // fires
      drive.at(1_000, SPEED, 90.0);
      drive.at(2_000, SPEED, 110.0); // suppressed, not deferred
      drive.at(3_000, SPEED, 90.0);
      drive.at(10_000, SPEED, 110.0); // cooldown over
      assertEquals(List.of(0L, 10_000L), drive.firingTimes("fast"));
      ScenarioCounters counters = drive.evaluator.index().counters().get(0);
      assertEquals(1, counters.suppressed());
      assertEquals(2, counters.fired());
    }
  }

  @Test
  void aScenarioWithoutConditionFiresOnceAtTheStartOfTheRun() throws Exception {
    var s =
        new Scenario(
            "boot", "launch", "helloworld", Map.of(), null, Trigger.EDGE, 0, Origin.UNKNOWN);
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(2_500, SPEED, 1.0);
      drive.at(3_000, SPEED, 2.0);
      drive.until(100_000);
      assertEquals(List.of(0L), drive.firingTimes("boot"), "at 0, not at the first step's time");
    }
  }

  @Test
  void aValueThatPassesWithinOneInstantDoesNotRestartAForTimer() throws Exception {
    var s = scenario("hold", held(SPEED, Op.GT, 10, 5_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(3_000, SPEED, 11.0);
      drive.at(8_000, SPEED, 12.0, SPEED, 5.0, SPEED, 12.0); // only the instant's last value counts
      drive.at(9_000, SPEED, 13.0);
      drive.at(13_000, SPEED, 2.0);
      assertEquals(List.of(8_000L), drive.firingTimes("hold"));
    }
  }

  @Test
  void aLevelScenarioFiresWhenItsForTimerMakesItTrueThenAtEverySample() throws Exception {
    var s = levelScenario("fast", held(SPEED, Op.GT, 100, 2_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 120.0);
      drive.until(3_000); // true from 2 s, as an edge scenario would fire; nothing more until 4 s
      drive.at(4_000, SPEED, 121.0);
      assertEquals(List.of(2_000L, 4_000L), drive.firingTimes("fast"));
    }
  }
}
