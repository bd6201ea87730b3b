package io.piccolo.engine.decision;

import io.piccolo.engine.fact.Decision;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a request's verdicts become its decision at the end of its round: any deny wins, the denying
 * rules and reasons joined in rule-name order; otherwise any allow, likewise; otherwise the
 * default.
 */
public final class Settlement {
  private static final Comparator<Verdict> BY_RULE = Comparator.comparing(Verdict::rule);

  /** The decision, who made it ("default" when no policy did), and why. */
  public record Outcome(Decision decision, String decidedBy, String reason) {}

  private static final Outcome DENIED_BY_DEFAULT =
      new Outcome(Decision.DENIED, "default", "denied by default");
  private static final Outcome ALLOWED_BY_DEFAULT =
      new Outcome(Decision.ALLOWED, "default", "allowed by default");

  private Settlement() {}

  public static Outcome of(List<Verdict> verdicts, boolean denyByDefault) {
    if (verdicts.isEmpty()) {
      return denyByDefault
          ? DENIED_BY_DEFAULT
          : ALLOWED_BY_DEFAULT; // most requests: no policy spoke
    }
    List<Verdict> denials = verdicts.stream().filter(Verdict::deny).sorted(BY_RULE).toList();
    if (!denials.isEmpty()) {
      return decided(Decision.DENIED, denials);
    }
    List<Verdict> approvals = verdicts.stream().sorted(BY_RULE).toList();
    if (!approvals.isEmpty()) {
      return decided(Decision.ALLOWED, approvals);
    }
    return denyByDefault ? DENIED_BY_DEFAULT : ALLOWED_BY_DEFAULT;
  }

  private static Outcome decided(Decision decision, List<Verdict> deciding) {
    return new Outcome(
        decision,
        deciding.stream().map(Verdict::rule).distinct().collect(Collectors.joining("; ")),
        deciding.stream().map(Verdict::why).collect(Collectors.joining("; ")));
  }
}
