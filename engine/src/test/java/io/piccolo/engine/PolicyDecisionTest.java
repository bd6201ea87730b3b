package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.piccolo.engine.fact.ActionRequest;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.scenario.Op;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {
  private static final String MEDIA = "Vehicle.Cabin.Infotainment.Media.Action";
  private static final String SPEED = "Vehicle.Speed";
  private static final String NO_VIDEO =
      """
      package policies;
      rule "no video while moving"
      when
          $r : ActionRequest(target == "play-app")
          Signal(path == "Vehicle.Speed", number > 0)
      then
          $r.deny("vehicle is moving");
      end
      """;

  @Test
  void aPolicyDeniesAgainstTheStateOfItsRound() throws Exception {
    try (Fixtures.Drive drive =
        new Fixtures.Drive(
            ruleBase(List.of(scenario("play", when(MEDIA, Op.EQ, "PLAY"))), NO_VIDEO))) {
      DecidedAction denied = drive.at(0, SPEED, 30.0, MEDIA, "PLAY").get(0);
      assertEquals(Decision.DENIED, denied.decision());
      assertEquals("no video while moving", denied.decidedBy());
      assertEquals("vehicle is moving", denied.reason());
      drive.at(1_000, MEDIA, "STOP");
      DecidedAction allowed = drive.at(2_000, SPEED, 0.0, MEDIA, "PLAY").get(0);
      assertEquals(Decision.ALLOWED, allowed.decision());
      assertEquals("default", allowed.decidedBy());
      assertEquals("allowed by default", allowed.reason());
    }
  }

  @Test
  void aDenyWinsAndReasonsJoinInRuleNameOrder() throws Exception {
    String policies =
        """
        package policies;
        rule "z: battery reserve"
        when $r : ActionRequest() then $r.deny("battery low");
        end
        rule "a: speed"
        when $r : ActionRequest() then $r.deny("moving");
        end
        rule "m: approve everything"
        when $r : ActionRequest() then $r.allow("looks fine");
        end
        """;
    try (Fixtures.Drive drive =
        new Fixtures.Drive(
            ruleBase(List.of(scenario("play", when(MEDIA, Op.EQ, "PLAY"))), policies))) {
      DecidedAction d = drive.at(0, MEDIA, "PLAY").get(0);
      assertEquals(Decision.DENIED, d.decision());
      assertEquals("a: speed; z: battery reserve", d.decidedBy());
      assertEquals("moving; battery low", d.reason());
    }
  }

  @Test
  void anExplicitAllowNamesItsPolicy() throws Exception {
    String policy =
        """
        package policies;
        rule "safety functions"
        when $r : ActionRequest(target == "play-app") then $r.allow("safety function");
        end
        """;
    try (Fixtures.Drive drive =
        new Fixtures.Drive(
            ruleBase(List.of(scenario("play", when(MEDIA, Op.EQ, "PLAY"))), policy),
            EvaluatorOptions.simulation().denyByDefault(true))) {
      DecidedAction d = drive.at(0, MEDIA, "PLAY").get(0);
      assertEquals(Decision.ALLOWED, d.decision());
      assertEquals("safety functions", d.decidedBy());
      assertEquals("safety function", d.reason());
    }
  }

  @Test
  void undecidedRequestsAreDeniedUnderTheDenyByDefaultSwitch() throws Exception {
    try (Fixtures.Drive drive =
        new Fixtures.Drive(
            ruleBase(List.of(scenario("play", when(MEDIA, Op.EQ, "PLAY")))),
            EvaluatorOptions.simulation().denyByDefault(true))) {
      DecidedAction d = drive.at(0, MEDIA, "PLAY").get(0);
      assertEquals(Decision.DENIED, d.decision());
      assertEquals("default", d.decidedBy());
      assertEquals("denied by default", d.reason());
    }
  }

  @Test
  void aDrlRuleRequestsThroughTheActionsGlobalAndIsNamedByItsRule() throws Exception {
    String drl =
        """
        package camera;
        rule "camera in reverse"
        when Signal(path == "Vehicle.Powertrain.Transmission.CurrentGear", number < 0)
        then actions.launch("rear-camera");
        end
        """;
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(), drl, NO_VIDEO))) {
      DecidedAction d = drive.at(500, "Vehicle.Powertrain.Transmission.CurrentGear", -1.0).get(0);
      assertEquals("camera in reverse", d.scenario());
      assertEquals("camera in reverse", d.rule());
      assertEquals("launch", d.action());
      assertEquals("rear-camera", d.target());
      assertEquals(500, d.timeMillis());
    }
  }

  @Test
  void decidedRequestsLeaveWorkingMemory() throws Exception {
    try (Fixtures.Drive drive =
        new Fixtures.Drive(
            ruleBase(List.of(scenario("play", when(MEDIA, Op.EQ, "PLAY"))), NO_VIDEO))) {
      drive.at(0, SPEED, 30.0);
      long before = drive.evaluator.factCount();
      drive.at(1_000, MEDIA, "PLAY");
      assertEquals(before, drive.evaluator.factCount());
    }
  }

  @Test
  void aDecisionIsFinal() {
    Supplier<String> rule = () -> "late policy";
    ActionRequest request = new ActionRequest("launch", "x", "s", "s", Map.of(), 0, rule);
    request.settle(false);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> request.deny("too late"));
    assertEquals("request launch x (s) is already allowed; decisions are final", e.getMessage());
  }
}
