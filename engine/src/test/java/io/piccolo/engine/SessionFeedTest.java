package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What reaches the Drools session: only what rules match, and events that expire. */
class SessionFeedTest {

  @Test
  void scenariosAloneKeepTheSessionEmpty() throws Exception {
    try (Fixtures.Drive drive =
        new Fixtures.Drive(ruleBase(List.of(scenario("s", when("Vehicle.Speed", Op.GT, 500)))))) {
      for (int t = 0; t < 1000; t++) {
        drive.at(t, "Vehicle.Speed", (double) t % 100);
      }
      assertEquals(0, drive.evaluator.factCount());
    }
  }

  @Test
  void signalFactsAreOnePerPathUpdatedInPlace() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            "package p;\nrule r when Signal(path == \"Vehicle.Speed\", number > 100) then end\n");
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      for (int t = 0; t < 100; t++) {
        drive.at(t, "Vehicle.Speed", (double) t, "Vehicle.Unused", 1.0);
      }
      assertEquals(1, drive.evaluator.factCount());
    }
  }

  @Test
  void aRuleMatchingAnUpdatedSignalFiresAgain() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            "package p;\nrule fast when Signal(path == \"Vehicle.Speed\", number > 100) then actions.update(\"x\"); end\n");
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      drive.at(0, "Vehicle.Speed", 110.0);
      drive.at(1, "Vehicle.Speed", 120.0);
      drive.at(2, "Vehicle.Speed", 90.0);
      assertEquals(List.of(0L, 1L), drive.firingTimes("fast"));
    }
  }

  @Test
  void windowedEventsExpireWithTheirWindow() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            "package p;\nrule avg when accumulate(SignalEvent(path == \"Vehicle.Speed\", $n : number) over window:time(10s); $a : average($n); $a > 1000) then end\n");
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      for (int t = 0; t < 600; t++) {
        drive.at(t * 1000L, "Vehicle.Speed", 50.0, "Vehicle.Gear", 1.0);
      }
      assertTrue(drive.evaluator.factCount() <= 12, "facts: " + drive.evaluator.factCount());
    }
  }

  @Test
  void eventsWithoutAWindowExpireAfterTheRetention() throws Exception {
    RuleBase rb =
        new RuleBaseBuilder()
            .addDrl(
                new RuleSource(
                    "e.drl",
                    "package p;\nrule any when SignalEvent(path == \"Vehicle.Speed\", number > 1000) then end\n"))
            .eventRetention(30_000)
            .build();
    assertEquals(30_000, rb.eventExpiryMillis());
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      for (int t = 0; t < 600; t++) {
        drive.at(t * 1000L, "Vehicle.Speed", 50.0);
      }
      assertTrue(drive.evaluator.factCount() <= 32, "facts: " + drive.evaluator.factCount());
    }
  }

  @Test
  void statisticsArePublishedAsPiccoloMeters() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RuleBase rb = ruleBase(List.of(scenario("fast", when("Vehicle.Speed", Op.GT, 100))));
    try (Fixtures.Drive drive =
        new Fixtures.Drive(rb, EvaluatorOptions.simulation().meters(meters))) {
      drive.at(0, "Vehicle.Speed", 50.0);
      drive.at(1, "Vehicle.Speed", 150.0);
    }
    assertEquals(2.0, meters.get(EngineStats.SIGNALS_IN).functionCounter().count());
    assertEquals(
        1.0, meters.get(EngineStats.RULES_FIRED).tag("rule", "fast").functionCounter().count());
    assertEquals(
        1.0,
        meters
            .get(EngineStats.REQUESTS)
            .tag("action", "launch")
            .tag("decision", "allowed")
            .functionCounter()
            .count());
    assertEquals(2, meters.get(EngineStats.EVALUATION).timer().count());
    assertTrue(meters.get(EngineStats.BUILD).timeGauge().value() > 0);
    assertEquals(0.0, meters.get(EngineStats.FACTS).gauge().value());
  }

  @Test
  void aWindowLongerThanTheRetentionIsNotCutShort() throws Exception {
    RuleBase rb =
        new RuleBaseBuilder()
            .addDrl(
                new RuleSource(
                    "w.drl",
                    "package p;\nrule many when accumulate(SignalEvent(path == \"A\") over window:time(20m); $n : count(1); $n >= 15) then actions.update(\"x\"); end\n"))
            .eventRetention(60_000)
            .build();
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      for (int minute = 0; minute < 20; minute++) {
        drive.at(minute * 60_000L, "A", 1.0);
      }
      assertEquals(840_000L, drive.firingTimes("many").get(0));
    }
  }

  @Test
  void aDrlFileWithAByteOrderMarkCompiles() throws Exception {
    RuleBase rb =
        new RuleBaseBuilder()
            .addDrl(new RuleSource("bom.drl", "\uFEFFpackage p;\nrule r when Signal() then end\n"))
            .build();
    assertEquals(List.of("r"), rb.drlRules());
  }

  @Test
  void aFailingConsequenceNamesItsRule() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            "package p;\nrule \"divide\" when Signal(path == \"A\") then int z = 0; int q = 1 / z; end\n");
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      RuleFailure e =
          org.junit.jupiter.api.Assertions.assertThrows(
              RuleFailure.class, () -> drive.at(2_000, "A", 1.0));
      assertEquals(
          "test0.drl:2: rule 'divide' failed at 2.0 s in its consequence:"
              + " java.lang.ArithmeticException: / by zero",
          e.getMessage());
    }
  }
}
