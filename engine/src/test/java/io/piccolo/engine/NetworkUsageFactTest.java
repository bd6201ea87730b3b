package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.fact.NetworkUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NetworkUsage facts as PHAROS hands them over: one per workload, replaced each interval. */
class NetworkUsageFactTest {
  private static final String SATURATED =
      """
      package rules.network;
      rule "media saturates its class"
      when
          NetworkUsage(workload == "media", $rate : rate > 40000000)
      then
          actions.request("qos", "media", Map.of("bandwidth", "10mbit"));
      end
      """;

  @Test
  void aRuleActsOnAWorkloadsMeasuredRate() throws Exception {
    try (Evaluator evaluator =
        new Evaluator(ruleBase(List.of(), SATURATED), EvaluatorOptions.simulation())) {
      evaluator.replaceFacts(
          "network-usage",
          Map.of("media", new NetworkUsage("media", "cabin", "media", 20_000_000, 1_000, 0)));
      assertEquals(List.of(), evaluator.step(1_000, new SampleBatch()));
      evaluator.replaceFacts(
          "network-usage",
          Map.of("media", new NetworkUsage("media", "cabin", "media", 50_000_000, 9_000, 0)));
      List<DecidedAction> decided = evaluator.step(2_000, new SampleBatch());
      assertEquals(1, decided.size(), decided.toString());
      assertEquals("qos", decided.get(0).action());
      assertEquals(Map.of("bandwidth", "10mbit"), decided.get(0).params());
    }
  }
}
