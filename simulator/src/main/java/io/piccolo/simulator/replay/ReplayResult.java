package io.piccolo.simulator.replay;

import io.piccolo.engine.index.ScenarioCounters;
import java.util.List;
import java.util.Map;

/** What a replay produced and how fast; the decisions themselves went to its observer. */
public record ReplayResult(
    DecisionCounts decisions,
    long signalsProcessed,
    long rulesFired,
    Map<String, Long> firedByRule,
    List<ScenarioCounters> scenarios,
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
