package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Results of actions as facts: applied in the next round, matched by rules and policies, kept a
 * while.
 */
class ActionResultTest {
  private static final String FALLBACK =
      """
      package p;
      rule "fallback camera"
      when
          ActionResult(outcome == "failed", target == "rear-camera", action == "launch")
      then
          actions.launch("rear-camera-fallback");
      end
      """;

  private static final String NO_RETRY_AFTER_FAILURE =
      """
      package p;
      rule "no retry within a minute of a failure"
      when
          $r : ActionRequest(action == "launch")
          exists ActionResult(outcome == "failed", target == $r.target) over window:time(60s)
      then
          $r.deny("it failed less than a minute ago");
      end
      """;

  private static RuleBase rules(String drl) throws Exception {
    return new RuleBaseBuilder().addDrl(new RuleSource("r.drl", drl)).build();
  }

  private static ActionResult result(String target, String outcome, long time) {
    return new ActionResult(
        "r-1", "s", "launch", target, target, "HPC", outcome, "image not found", 3, time);
  }

  private static final SampleBatch NONE = new SampleBatch();

  @Test
  void aFailedLaunchMakesTheFallbackRuleFireInTheNextRound() throws Exception {
    try (Evaluator e = new Evaluator(rules(FALLBACK), EvaluatorOptions.simulation())) {
      assertEquals(List.of(), e.step(1_000, NONE));
      List<DecidedAction> decided =
          e.step(1_000, NONE, List.of(result("rear-camera", ActionResult.FAILED, 1_000)));
      assertEquals(1, decided.size());
      assertEquals("rear-camera-fallback", decided.get(0).target());
      assertEquals(1_000, decided.get(0).timeMillis());
    }
  }

  @Test
  void aSucceededLaunchOrAnotherTargetLeavesTheFallbackAlone() throws Exception {
    try (Evaluator e = new Evaluator(rules(FALLBACK), EvaluatorOptions.simulation())) {
      assertEquals(
          List.of(),
          e.step(
              0,
              NONE,
              List.of(
                  result("rear-camera", ActionResult.SUCCEEDED, 0),
                  result("video-player", ActionResult.FAILED, 0))));
    }
  }

  @Test
  void aPolicyDeniesAfterARecentFailureAndAllowsOnceItIsOld() throws Exception {
    String drl =
        NO_RETRY_AFTER_FAILURE
            + "rule again when Signal(path == \"Retry\", number > 0) then actions.launch(\"rear-camera\"); end\n";
    try (Evaluator e = new Evaluator(rules(drl), EvaluatorOptions.simulation())) {
      e.step(10_000, NONE, List.of(result("rear-camera", ActionResult.FAILED, 10_000)));
      List<DecidedAction> soon = e.step(30_000, new SampleBatch().add("Retry", 1.0));
      assertEquals(Decision.DENIED, soon.get(0).decision());
      assertEquals("it failed less than a minute ago", soon.get(0).reason());
      List<DecidedAction> later = e.step(80_000, new SampleBatch().add("Retry", 2.0));
      assertEquals(Decision.ALLOWED, later.get(0).decision());
    }
  }

  @Test
  void resultsLeaveTheSessionAfterTheRetention() throws Exception {
    EvaluatorOptions options = EvaluatorOptions.simulation().resultRetention(Duration.ofMinutes(5));
    try (Evaluator e = new Evaluator(rules(FALLBACK), options)) {
      e.step(0, NONE, List.of(result("a", ActionResult.FAILED, 0)));
      e.step(60_000, NONE, List.of(result("b", ActionResult.SUCCEEDED, 60_000)));
      assertEquals(2, e.results().size());
      e.step(300_000, NONE);
      assertEquals(List.of("b"), e.results().stream().map(ActionResult::getTarget).toList());
      e.step(360_000, NONE);
      assertEquals(List.of(), e.results());
      assertEquals(0, e.factCount());
    }
  }

  @Test
  void noMoreThanTheCapStaysHoweverManyComeWithinTheRetention() throws Exception {
    try (Evaluator e = new Evaluator(rules(FALLBACK), EvaluatorOptions.simulation())) {
      for (int i = 0; i < RecentEvents.MAX_KEPT + 50; i++) {
        e.addResult(result("t" + i, ActionResult.SUCCEEDED, i));
      }
      e.step(RecentEvents.MAX_KEPT + 50, NONE);
      List<ActionResult> kept = e.results();
      assertEquals(RecentEvents.MAX_KEPT, kept.size());
      assertEquals("t50", kept.get(0).getTarget());
    }
  }

  @Test
  void resultsCarryOverWhenTheRulesAreReplaced() throws Exception {
    try (Evaluator e = new Evaluator(rules(FALLBACK), EvaluatorOptions.simulation())) {
      e.step(0, NONE, List.of(result("video-player", ActionResult.FAILED, 0)));
      Evaluator next =
          e.replaceRules(
                  rules(FALLBACK.replace("\"rear-camera\", action", "\"video-player\", action")),
                  List.of())
              .evaluator();
      try (next) {
        assertEquals(1, next.results().size());
        List<DecidedAction> decided = next.step(0, NONE);
        assertTrue(
            decided.stream().anyMatch(d -> d.target().equals("rear-camera-fallback")),
            "the carried result is matched by the new rules: " + decided);
      }
    }
  }

  @Test
  void aLiveEvaluatorAppliesAnOfferedResultOnItsOwnThread() throws Exception {
    List<DecidedAction> decided = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (LiveEvaluator live =
        new LiveEvaluator(
                rules(FALLBACK),
                EvaluatorOptions.live(),
                Duration.ofMillis(1),
                100,
                decided::addAll)
            .startAndWait()) {
      assertTrue(
          live.offerResult(result("rear-camera", ActionResult.FAILED, System.currentTimeMillis())));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> decided.stream().anyMatch(d -> d.target().equals("rear-camera-fallback")));
      assertEquals(0, live.pending(), "a result is not a sample");
    }
  }
}
