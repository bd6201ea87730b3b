package io.piccolo.engine.fact;

import java.util.Objects;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * How one unit of an allowed action ended, as rules see it: {@code ActionResult(outcome ==
 * "failed", target == "rear-camera")}. An event on the session clock ({@code time}), so windows and
 * temporal operators apply; the evaluator keeps results for a retention period (see {@code
 * EvaluatorOptions#resultRetention}) and then deletes them, oldest first.
 */
@Role(Role.Type.EVENT)
@Timestamp("time")
public final class ActionResult {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private final String requestId;
  private final String scenario;
  private final String action;
  private final String target;
  private final String model;
  private final String node;
  private final String outcome;
  private final String reason;
  private final long durationMillis;
  private final long time;

  /**
   * @param requestId the dispatcher's id of the decision this result answers
   * @param target what the decision named (a Package, usually)
   * @param model the Model the unit of work ran, or null when the action named none
   * @param node the node it ran on, or null when none was named
   * @param outcome {@link #SUCCEEDED} or {@link #FAILED}
   * @param reason why it failed, or what it found; null when nothing
   * @param time when the work ended, on the session clock (epoch ms; pseudo time in a replay)
   */
  public ActionResult(
      String requestId,
      String scenario,
      String action,
      String target,
      String model,
      String node,
      String outcome,
      String reason,
      long durationMillis,
      long time) {
    if (!SUCCEEDED.equals(outcome) && !FAILED.equals(outcome)) {
      throw new IllegalArgumentException(
          "an outcome is " + SUCCEEDED + " or " + FAILED + ", not " + outcome);
    }
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.scenario = scenario;
    this.action = Objects.requireNonNull(action, "action");
    this.target = Objects.requireNonNull(target, "target");
    this.model = model;
    this.node = node;
    this.outcome = outcome;
    this.reason = reason;
    this.durationMillis = durationMillis;
    this.time = time;
  }

  public String getRequestId() {
    return requestId;
  }

  /** The scenario or DRL rule whose request this was. */
  public String getScenario() {
    return scenario;
  }

  public String getAction() {
    return action;
  }

  public String getTarget() {
    return target;
  }

  public String getModel() {
    return model;
  }

  public String getNode() {
    return node;
  }

  /** {@code succeeded} or {@code failed}. */
  public String getOutcome() {
    return outcome;
  }

  public boolean isFailed() {
    return FAILED.equals(outcome);
  }

  public String getReason() {
    return reason;
  }

  public long getDurationMillis() {
    return durationMillis;
  }

  public long getTime() {
    return time;
  }

  @Override
  public String toString() {
    return "ActionResult["
        + action
        + " "
        + target
        + (model == null ? "" : "/" + model)
        + (node == null ? "" : " on " + node)
        + ": "
        + outcome
        + (reason == null ? "" : " (" + reason + ")")
        + " @"
        + time
        + "ms]";
  }
}
