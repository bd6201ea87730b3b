package io.piccolo.engine.scenario;

import java.util.List;
import java.util.Map;

/**
 * A scenario as the engine runs it, whatever file format it came from.
 *
 * @param actions what it requests when it fires, one action request each, in this order
 * @param condition null for a scenario that fires once, at the start of the run (time 0)
 * @param cooldownMillis firings within this long after the last one are suppressed; 0 for none
 */
public record Scenario(
    String name,
    List<ScenarioAction> actions,
    Condition condition,
    Trigger trigger,
    long cooldownMillis,
    Origin origin) {

  public Scenario {
    actions = List.copyOf(actions);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("scenario " + name + " requests no action");
    }
  }

  /** A scenario with one action. */
  public Scenario(
      String name,
      String action,
      String target,
      Map<String, Object> params,
      Condition condition,
      Trigger trigger,
      long cooldownMillis,
      Origin origin) {
    this(
        name,
        List.of(new ScenarioAction(action, target, params)),
        condition,
        trigger,
        cooldownMillis,
        origin);
  }

  /** The first action's name. */
  public String action() {
    return actions.get(0).action();
  }

  /** The first action's target. */
  public String target() {
    return actions.get(0).target();
  }

  /** The first action's parameters. */
  public Map<String, Object> params() {
    return actions.get(0).params();
  }
}
