package io.piccolo.engine.scenario;

import java.util.Map;

/**
 * A scenario as the engine runs it, whatever file format it came from.
 *
 * @param condition null for a scenario that fires once, at the first evaluation
 * @param cooldownMillis firings within this long after the last one are suppressed; 0 for none
 */
public record Scenario(
    String name,
    String action,
    String target,
    Map<String, Object> params,
    Condition condition,
    Trigger trigger,
    long cooldownMillis,
    Origin origin) {

  public Scenario {
    params = Map.copyOf(params);
  }
}
