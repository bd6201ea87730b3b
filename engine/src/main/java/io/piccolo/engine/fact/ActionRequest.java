package io.piccolo.engine.fact;

import io.piccolo.engine.decision.Settlement;
import io.piccolo.engine.decision.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a scenario or rule wants done. Policy rules decide it with {@link #allow()} or {@link
 * #deny(String)} during the round that created it; the engine then settles it (a deny wins) and
 * removes it from working memory.
 */
public final class ActionRequest {
  private final String action;
  private final String target;
  private final String scenario;
  private final String rule;
  private final Map<String, Object> params;
  private final long time;
  private final Supplier<String> currentRule;

  /** Null until a policy speaks: most requests get no verdict at all. */
  private List<Verdict> verdicts;

  private Decision decision = Decision.PENDING;
  private String reason;
  private String decidedBy;

  /**
   * @param currentRule names the rule whose consequence is running, so a verdict knows its policy
   */
  public ActionRequest(
      String action,
      String target,
      String scenario,
      String rule,
      Map<String, Object> params,
      long time,
      Supplier<String> currentRule) {
    this.action = action;
    this.target = target;
    this.scenario = scenario;
    this.rule = rule;
    this.params = Params.inOrder(params);
    this.time = time;
    this.currentRule = currentRule;
  }

  public void allow() {
    allow("allowed by policy");
  }

  public void allow(String why) {
    record(new Verdict(currentRule.get(), false, why));
  }

  public void deny(String why) {
    record(new Verdict(currentRule.get(), true, why));
  }

  private void record(Verdict verdict) {
    if (decision != Decision.PENDING) {
      throw new IllegalStateException(
          "request " + this + " is already " + decision.label() + "; decisions are final");
    }
    if (verdicts == null) {
      verdicts = new ArrayList<>(2);
    }
    verdicts.add(verdict);
  }

  /** Ends the round for this request, by the rule of {@link Settlement}. */
  public void settle(boolean denyByDefault) {
    Settlement.Outcome outcome =
        Settlement.of(verdicts == null ? List.of() : verdicts, denyByDefault);
    decision = outcome.decision();
    decidedBy = outcome.decidedBy();
    reason = outcome.reason();
  }

  public String getAction() {
    return action;
  }

  public String getTarget() {
    return target;
  }

  /** The YAML scenario's name, or for a DRL rule the rule's name. */
  public String getScenario() {
    return scenario;
  }

  /** The rule that made the request (a YAML scenario's own name). */
  public String getRule() {
    return rule;
  }

  public Map<String, Object> getParams() {
    return params;
  }

  /** Session clock when the request was made, epoch ms. */
  public long getTime() {
    return time;
  }

  public Decision getDecision() {
    return decision;
  }

  public String getReason() {
    return reason;
  }

  /** The deciding policy rules joined by "; ", or "default". */
  public String getDecidedBy() {
    return decidedBy;
  }

  @Override
  public String toString() {
    return action + " " + target + " (" + scenario + ")";
  }
}
