package io.piccolo.simulator.replay;

import io.piccolo.engine.index.ScenarioCounters;
import io.piccolo.engine.index.ScenarioIndex;
import java.util.List;
import java.util.Map;

/**
 * What a replay produced and how fast; the decisions themselves went to its observer.
 *
 * @param conditions what each scenario comparison was seen to be, when the replay recorded it;
 *     empty otherwise
 */
public record ReplayResult(
    DecisionCounts decisions,
    long signalsProcessed,
    long rulesFired,
    Map<String, Long> firedByRule,
    List<ScenarioCounters> scenarios,
    List<ScenarioIndex.LeafOutcome> conditions,
    long endMillis,
    long wallNanos) {

  public double signalsPerSecond() {
    return wallNanos == 0 ? 0 : signalsProcessed * 1e9 / wallNanos;
  }

  public long allowed() {
    return decisions.allowed();
  }

  public long denied() {
    return decisions.denied();
  }

  public long suppressed() {
    return scenarios.stream().mapToLong(ScenarioCounters::suppressed).sum();
  }
}
