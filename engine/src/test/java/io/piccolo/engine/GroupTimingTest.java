package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.all;
import static io.piccolo.engine.Fixtures.held;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import io.piccolo.engine.scenario.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code for} on a whole group, counts of rising edges in a window, and their hot swap. */
class GroupTimingTest {
  private static final String SPEED = "Vehicle.Speed";
  private static final String DOOR = "Vehicle.Door";

  private static Condition heldGroup(Condition item, long forMillis) {
    return new Condition.Held(item, forMillis, Origin.UNKNOWN);
  }

  private static Condition count(Condition item, int times, long within) {
    return new Condition.Count(item, times, within, Origin.UNKNOWN);
  }

  private static Condition moving() {
    return all(when(DOOR, Op.EQ, 1), when(SPEED, Op.GT, 5));
  }

  @Test
  void aHeldGroupFiresByItsTimerWithoutASample() throws Exception {
    var s = scenario("open", heldGroup(moving(), 5_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0);
      drive.at(1_000, DOOR, 1.0);
      assertEquals(List.of(), drive.until(5_999));
      drive.until(20_000);
      assertEquals(List.of(6_000L), drive.firingTimes("open"));
    }
  }

  @Test
  void aHeldGroupRestartsWhenAnyItemBreaks() throws Exception {
    var s = scenario("open", heldGroup(moving(), 5_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0, DOOR, 1.0);
      drive.at(4_000, SPEED, 3.0); // the group breaks though the door stays open
      drive.at(6_000, SPEED, 10.0);
      drive.until(20_000);
      assertEquals(List.of(11_000L), drive.firingTimes("open"));
    }
  }

  @Test
  void aHeldGroupDueAtASampleFiresBeforeTheSampleApplies() throws Exception {
    var s = scenario("open", heldGroup(moving(), 5_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0, DOOR, 1.0);
      drive.at(5_000, SPEED, 0.0);
      assertEquals(List.of(5_000L), drive.firingTimes("open"));
    }
  }

  @Test
  void aLeafForInsideAGroupForAddsUp() throws Exception {
    var s = scenario("fast", heldGroup(all(held(SPEED, Op.GT, 100, 3_000)), 2_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 120.0);
      drive.until(30_000);
      assertEquals(List.of(5_000L), drive.firingTimes("fast"));
    }
  }

  @Test
  void aGroupForIsSeenEvenBehindAFalseItemOfAnAll() throws Exception {
    // all(a, held(b)): while a is false the all stops reading early, yet the held group must
    // still have started its clock when b became true
    var s =
        scenario("both", all(when(DOOR, Op.EQ, 1), heldGroup(all(when(SPEED, Op.GT, 5)), 5_000)));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0);
      drive.at(6_000, DOOR, 1.0);
      assertEquals(List.of(6_000L), drive.firingTimes("both"));
    }
  }

  @Test
  void aCountHoldsAtTheNthEdgeInsideTheWindow() throws Exception {
    var s = scenario("flaps", count(all(when(DOOR, Op.EQ, 1)), 3, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, DOOR, 1.0);
      drive.at(1_000, DOOR, 1.0); // no edge: still true
      drive.at(2_000, DOOR, 0.0);
      drive.at(3_000, DOOR, 1.0);
      drive.at(4_000, DOOR, 0.0);
      drive.at(9_999, DOOR, 1.0);
      assertEquals(List.of(9_999L), drive.firingTimes("flaps"));
    }
  }

  @Test
  void anEdgeLeavesTheWindowExactlyWithinLater() throws Exception {
    var s = scenario("flaps", count(all(when(DOOR, Op.EQ, 1)), 3, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, DOOR, 1.0);
      drive.at(2_000, DOOR, 0.0);
      drive.at(5_000, DOOR, 1.0);
      drive.at(6_000, DOOR, 0.0);
      drive.at(10_000, DOOR, 1.0); // the edge at 0 has just left: two in the window
      assertEquals(List.of(), drive.firingTimes("flaps"));
    }
  }

  @Test
  void aCountTurnsFalseByATimerWhenTheOldestEdgeLeaves() throws Exception {
    var s =
        new Scenario(
            "flaps",
            "launch",
            "flaps-app",
            Map.of(),
            count(all(when(DOOR, Op.EQ, 1)), 2, 10_000),
            Trigger.EDGE,
            0,
            Origin.UNKNOWN);
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, DOOR, 1.0);
      drive.at(1_000, DOOR, 0.0);
      drive.at(2_000, DOOR, 1.0); // two edges: true, fires
      drive.until(10_000); // the edge at 0 leaves: false, re-arms without a sample
      drive.at(11_000, DOOR, 0.0);
      drive.at(11_500, DOOR, 1.0); // edges at 2 and 11.5 s: true again
      assertEquals(List.of(2_000L, 11_500L), drive.firingTimes("flaps"));
    }
  }

  @Test
  void anUnchangedHeldGroupKeepsItsTimerAcrossASwap() throws Exception {
    var s = scenario("open", heldGroup(moving(), 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0, DOOR, 1.0);
      drive.at(4_000);
      drive.evaluator.replaceScenarios(List.of(s, scenario("other", when("X", Op.EQ, 1))));
      drive.until(20_000);
      assertEquals(List.of(10_000L), drive.firingTimes("open"));
    }
  }

  @Test
  void aChangedHeldGroupStartsOverAtTheSwap() throws Exception {
    var s = scenario("open", heldGroup(moving(), 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0, DOOR, 1.0);
      drive.at(4_000);
      drive.evaluator.replaceScenarios(List.of(scenario("open", heldGroup(moving(), 8_000))));
      drive.until(30_000);
      assertEquals(List.of(12_000L), drive.firingTimes("open"));
    }
  }

  @Test
  void anUnchangedCountKeepsItsEdgesAcrossASwap() throws Exception {
    var s = scenario("flaps", count(all(when(DOOR, Op.EQ, 1)), 2, 10_000));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, DOOR, 1.0);
      drive.at(1_000, DOOR, 0.0);
      drive.evaluator.replaceScenarios(List.of(s));
      drive.at(2_000, DOOR, 1.0);
      assertEquals(List.of(2_000L), drive.firingTimes("flaps"));
    }
  }

  @Test
  void everyActionBecomesItsOwnRequestWithParamsFromTheSignals() throws Exception {
    var s =
        new Scenario(
            "two",
            List.of(
                new ScenarioAction("launch", "a", Map.of()),
                new ScenarioAction(
                    "update",
                    "b",
                    Map.of(
                        "speed", "${" + SPEED + "}",
                        "note", "at ${" + SPEED + "} km/h",
                        "literal", "$${x}",
                        "door", "${" + DOOR + "}"))),
            when(SPEED, Op.GT, 100),
            Trigger.EDGE,
            0,
            Origin.UNKNOWN);
    String denyA =
        "package test;\n"
            + "rule \"no a\" when $r : ActionRequest(target == \"a\") then"
            + " $r.deny(\"no a\"); end";
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s), denyA))) {
      drive.at(0, SPEED, 50.0);
      List<DecidedAction> fired = drive.at(1_000, SPEED, 120.5);
      assertEquals(2, fired.size());
      DecidedAction a = fired.get(0);
      DecidedAction b = fired.get(1);
      assertEquals("a", a.target());
      assertTrue(!a.allowed(), "each request is decided on its own");
      assertTrue(b.allowed());
      assertEquals(120.5, b.params().get("speed"), "a number stays a number");
      assertEquals("at 120.5 km/h", b.params().get("note"));
      assertEquals("${x}", b.params().get("literal"));
      assertTrue(!b.params().containsKey("door"), "a signal never sampled leaves its param out");
    }
  }

  @Test
  void explainShowsHeldGroupsCountsAndEachAction() {
    var s =
        new Scenario(
            "flaps",
            List.of(
                new ScenarioAction("launch", "a", Map.of()),
                new ScenarioAction("update", "b", Map.of("speed", "${" + SPEED + "}"))),
            count(heldGroup(moving(), 2_000), 3, 60_000),
            Trigger.EDGE,
            0,
            Origin.UNKNOWN);
    String text = new io.piccolo.engine.index.ScenarioIndex(List.of(s)).explain();
    assertTrue(
        text.contains(
            "condition: count(rising edges of all(#1, #2) held for 2s (a timer) >= 3 within the"
                + " last 1m;"),
        text);
    assertTrue(text.contains("in this order, one request per action"), text);
    assertTrue(text.contains("ActionRequest(action=launch, target=a, scenario=flaps)"), text);
    assertTrue(text.contains("filled at firing from the latest " + SPEED), text);
  }
}
