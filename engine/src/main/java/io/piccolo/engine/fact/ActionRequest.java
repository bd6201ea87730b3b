package io.piccolo.engine.fact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
  private final List<Verdict> verdicts = new ArrayList<>(2);
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
    this.params = Map.copyOf(params);
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
    verdicts.add(verdict);
  }

  /**
   * Ends the round for this request: any deny wins, joined in rule-name order; otherwise any allow;
   * otherwise the default.
   */
  public void settle(boolean denyByDefault) {
    List<Verdict> denials = verdicts.stream().filter(Verdict::deny).sorted(BY_RULE).toList();
    if (!denials.isEmpty()) {
      finish(Decision.DENIED, denials);
      return;
    }
    List<Verdict> approvals = verdicts.stream().sorted(BY_RULE).toList();
    if (!approvals.isEmpty()) {
      finish(Decision.ALLOWED, approvals);
      return;
    }
    decision = denyByDefault ? Decision.DENIED : Decision.ALLOWED;
    reason = denyByDefault ? "denied by default" : "allowed by default";
    decidedBy = "default";
  }

  private void finish(Decision outcome, List<Verdict> deciding) {
    decision = outcome;
    decidedBy = deciding.stream().map(Verdict::rule).distinct().collect(Collectors.joining("; "));
    reason = deciding.stream().map(Verdict::why).collect(Collectors.joining("; "));
  }

  private static final Comparator<Verdict> BY_RULE = Comparator.comparing(Verdict::rule);

  private record Verdict(String rule, boolean deny, String why) {}

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
