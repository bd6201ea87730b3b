package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An indexed edge-triggered rule whose then block only asks for actions with string literals is
 * read as those requests; the engine makes them itself when no rule can see a request, and what
 * comes out is what the session would have made.
 */
class ConstantEdgeRequestsTest {
  private static final String SPEED = "Vehicle.Speed";

  private static final String TWO_REQUESTS =
      """
      package rules.constant;
      rule "fast" @trigger(edge)
      when
          Signal(path == "Vehicle.Speed", number > 100)
      then
          actions.launch("warning");
          actions . terminate ( "media" ) ;
      end
      """;

  /** The same rule kept in the session by an attribute. */
  private static final String TWO_REQUESTS_IN_SESSION =
      TWO_REQUESTS.replace("when\n", "salience 1\nwhen\n");

  private static final String DENY_MEDIA =
      """
      package rules.policy;
      rule "no media stop"
      when $r : ActionRequest(target == "media")
      then $r.deny("media keeps playing");
      end
      """;

  @Test
  void aThenBlockOfLiteralCallsIsReadAsItsRequestsInOrder() throws Exception {
    RuleBase rules = ruleBase(List.of(), TWO_REQUESTS);
    assertEquals(
        List.of(
            new ScenarioAction("launch", "warning", Map.of()),
            new ScenarioAction("terminate", "media", Map.of())),
        rules.indexedEdgeRules().get(0).requests());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "actions.launch(\"warning\"); String fired = drools.getRule().getName();",
        "actions.launch(\"warn\" + \"ing\");",
        "actions.launch(\"warn\\\\ting\");",
        "// a comment\n actions.launch(\"warning\");",
        "actions.request(\"warn\", \"warning\", Map.of());"
      })
  void anythingElseRunsInTheSession(String then) throws Exception {
    String drl = TWO_REQUESTS.replaceAll("(?s)then\n.*end", "then\n    " + then + "\nend");
    RuleBase rules = ruleBase(List.of(), drl);
    assertEquals(List.of(), rules.indexedEdgeRules().get(0).requests(), then);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theRequestsFiringsAndCountsAreTheSessionsOwn(boolean withPolicy) throws Exception {
    List<String> direct = run(withPolicy, TWO_REQUESTS);
    List<String> inSession = run(withPolicy, TWO_REQUESTS_IN_SESSION);
    assertEquals(inSession, direct);
    assertEquals(
        withPolicy
            ? List.of(
                "0 fast/fast launch warning ALLOWED default",
                "0 fast/fast terminate media DENIED no media stop",
                "3000 fast/fast launch warning ALLOWED default",
                "3000 fast/fast terminate media DENIED no media stop",
                "fired 2")
            : List.of(
                "0 fast/fast launch warning ALLOWED default",
                "0 fast/fast terminate media ALLOWED default",
                "3000 fast/fast launch warning ALLOWED default",
                "3000 fast/fast terminate media ALLOWED default",
                "fired 2"),
        direct);
  }

  private static final String THROWS_ABOVE_125 =
      """
      package rules.failing;
      rule "boom"
      when
          Signal(path == "Vehicle.Speed", number > 125)
      then
          throw new IllegalStateException("no reading above 125");
      end
      """;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFiringCountsOnlyWhenItsRoundStands(boolean inSession) throws Exception {
    RuleBase rules =
        ruleBase(List.of(), inSession ? TWO_REQUESTS_IN_SESSION : TWO_REQUESTS, THROWS_ABOVE_125);
    try (Fixtures.Drive drive = new Fixtures.Drive(rules)) {
      drive.at(0, SPEED, 110.0);
      drive.at(1_000, SPEED, 90.0);
      assertThrows(RuleFailure.class, () -> drive.at(2_000, SPEED, 130.0));
      assertEquals(Map.of("fast", 1L, "boom", 0L), drive.evaluator.stats().firedByRule());
      drive.at(3_000, SPEED, 90.0);
      drive.at(4_000, SPEED, 110.0);
      assertEquals(List.of(0L, 0L, 4_000L, 4_000L), drive.firingTimes("fast"));
      assertEquals(Map.of("fast", 2L, "boom", 0L), drive.evaluator.stats().firedByRule());
      assertEquals(1, drive.evaluator.stats().ruleFailures());
    }
  }

  private static List<String> run(boolean withPolicy, String rule) throws Exception {
    RuleBase rules = withPolicy ? ruleBase(List.of(), rule, DENY_MEDIA) : ruleBase(List.of(), rule);
    try (Fixtures.Drive drive = new Fixtures.Drive(rules)) {
      drive.at(0, SPEED, 110.0);
      drive.at(1_000, SPEED, 120.0);
      drive.at(2_000, SPEED, 90.0);
      drive.at(3_000, SPEED, 130.0);
      List<String> out = new ArrayList<>();
      for (DecidedAction d : drive.decided) {
        out.add(
            d.timeMillis()
                + " "
                + d.scenario()
                + "/"
                + d.rule()
                + " "
                + d.action()
                + " "
                + d.target()
                + " "
                + d.decision()
                + " "
                + d.decidedBy());
      }
      out.add("fired " + drive.evaluator.stats().firedByRule().get("fast"));
      return out;
    }
  }
}
