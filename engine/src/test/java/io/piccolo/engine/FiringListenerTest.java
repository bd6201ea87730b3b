package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.all;
import static io.piccolo.engine.Fixtures.cooledScenario;
import static io.piccolo.engine.Fixtures.held;
import static io.piccolo.engine.Fixtures.none;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.index.FiringListener.Cause;
import io.piccolo.engine.index.FiringListener.Firing;
import io.piccolo.engine.index.FiringListener.LeafTruth;
import io.piccolo.engine.scenario.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a firing listener is told: cause, trigger, each comparison's truth, suppression. */
class FiringListenerTest {
  private static final String SPEED = "Vehicle.Speed";
  private static final String GEAR = "Vehicle.Gear";

  @Test
  void aSampleFiringNamesItsSignalAndEveryComparisonsTruth() throws Exception {
    var s = scenario("fast-in-drive", all(when(SPEED, Op.GT, 120), when(GEAR, Op.EQ, "DRIVE")));
    List<Firing> told = new ArrayList<>();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.evaluator.listenFirings(told::add);
      drive.at(1_000, GEAR, "DRIVE");
      drive.at(2_000, SPEED, 130.0);
    }
    assertEquals(1, told.size());
    Firing f = told.get(0);
    assertEquals("fast-in-drive", f.scenario());
    assertEquals(2_000, f.timeMillis());
    assertEquals(Cause.SAMPLE, f.cause());
    assertEquals(SPEED, f.triggerPath());
    assertFalse(f.suppressed());
    assertEquals(
        List.of(
            new LeafTruth(SPEED, "Vehicle.Speed: number > 120", true, 130.0),
            new LeafTruth(GEAR, "Vehicle.Gear: case-insensitive text == \"DRIVE\"", true, "DRIVE")),
        f.leaves());
  }

  @Test
  void aForTimerFiringSaysSo() throws Exception {
    var s = scenario("sustained", held(SPEED, Op.GT, 120, 10_000));
    List<Firing> told = new ArrayList<>();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.evaluator.listenFirings(told::add);
      drive.at(1_000, SPEED, 130.0);
      drive.until(20_000);
    }
    assertEquals(1, told.size());
    assertEquals(Cause.TIMER, told.get(0).cause());
    assertEquals(11_000, told.get(0).timeMillis());
    assertEquals(SPEED, told.get(0).triggerPath());
    assertEquals(
        "Vehicle.Speed: number > 120, held for 10s", told.get(0).leaves().get(0).summary());
  }

  @Test
  void aConditionTrueBeforeAnySampleFiresAtTheStart() throws Exception {
    var s = scenario("parked", none(when(SPEED, Op.GT, 0)));
    List<Firing> told = new ArrayList<>();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.evaluator.listenFirings(told::add);
      drive.evaluator.evaluate(); // the start of the run, time 0, before any sample
    }
    assertEquals(Cause.START, told.get(0).cause());
    assertNull(told.get(0).triggerPath());
    assertFalse(told.get(0).leaves().get(0).holds());
    assertNull(told.get(0).leaves().get(0).value(), "no sample yet");
  }

  @Test
  void aConditionTrueBeforeAnySampleFiresAtZeroAlsoWhenTheFirstStepComesLater() throws Exception {
    var parked = scenario("parked", none(when(SPEED, Op.GT, 5)));
    var greeting = scenario("greeting", null);
    List<Firing> told = new ArrayList<>();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(parked, greeting)))) {
      drive.evaluator.listenFirings(told::add);
      drive.at(5_000, SPEED, 3.0); // the first step of the run brings no sample at 0
      assertEquals(List.of(0L), drive.firingTimes("parked"));
      assertEquals(List.of(0L), drive.firingTimes("greeting"));
    }
    assertEquals(List.of(Cause.START, Cause.START), told.stream().map(Firing::cause).toList());
    assertEquals(List.of(0L, 0L), told.stream().map(Firing::timeMillis).toList());
  }

  @Test
  void firingsInsideTheCooldownAreToldSuppressed() throws Exception {
    var s = cooledScenario("fast", when(SPEED, Op.GT, 120), 10_000);
    List<Firing> told = new ArrayList<>();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.evaluator.listenFirings(told::add);
      drive.at(0, SPEED, 130.0);
      drive.at(1_000, SPEED, 100.0);
      drive.at(2_000, SPEED, 130.0); // inside the cooldown
      drive.at(3_000, SPEED, 100.0);
      drive.at(12_000, SPEED, 130.0);
      assertEquals(List.of(0L, 12_000L), drive.firingTimes("fast"));
    }
    assertEquals(List.of(false, true, false), told.stream().map(Firing::suppressed).toList());
    assertEquals(List.of(0L, 2_000L, 12_000L), told.stream().map(Firing::timeMillis).toList());
  }

  @Test
  void theListenerCarriesOverAReloadOfScenarios() throws Exception {
    var s = scenario("fast", when(SPEED, Op.GT, 120));
    List<Firing> told = new ArrayList<>();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.evaluator.listenFirings(told::add);
      drive.evaluator.replaceScenarios(List.of(s, scenario("slow", when(SPEED, Op.LT, 50))));
      drive.at(1_000, SPEED, 10.0);
    }
    assertTrue(told.stream().anyMatch(f -> f.scenario().equals("slow")));
  }
}
