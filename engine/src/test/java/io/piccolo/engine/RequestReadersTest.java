package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.decision.RequestReaders;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.scenario.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests stay out of working memory exactly when no rule could ever see one. */
class RequestReadersTest {
  private static final String SPEED = "Vehicle.Speed";
  private static final String FAST =
      """
      package plain;
      rule "fast"
      when Signal(path == "Vehicle.Speed", number > 100)
      then actions.launch("warning");
      end
      """;

  @Test
  void rulesOnSignalsAloneSeeNoRequest() throws Exception {
    assertFalse(RequestReaders.any(ruleBase(List.of(), FAST).kieBase()));
    assertFalse(
        RequestReaders.any(ruleBase(List.of(scenario("fast", when(SPEED, Op.GT, 100)))).kieBase()));
  }

  @Test
  void everyWayOfLookingAtARequestCounts() throws Exception {
    List<String> readers =
        List.of(
            "rule \"policy\" when $r : ActionRequest(target == \"x\") then $r.deny(\"no\"); end",
            "rule \"none\" when not ActionRequest() then end",
            "rule \"count\" when Number(intValue > 2) from accumulate(ActionRequest(), count(1))"
                + " then end",
            "rule \"anything\" when Object() then end",
            "query \"requests\" ActionRequest() end");
    for (String reader : readers) {
      String drl = "package readers;\n" + reader + "\n";
      assertTrue(RequestReaders.any(ruleBase(List.of(), FAST, drl).kieBase()), reader);
    }
  }

  @Test
  void unseenRequestsAreSettledByTheDefaultDecision() throws Exception {
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(), FAST))) {
      DecidedAction d = drive.at(0, SPEED, 120.0).get(0);
      assertEquals("fast", d.rule());
      assertEquals("launch", d.action());
      assertEquals(Decision.ALLOWED, d.decision());
      assertEquals("default", d.decidedBy());
      assertEquals(2, drive.at(1_000, SPEED, 130.0).size() + drive.at(2_000, SPEED, 140.0).size());
    }
  }
}
