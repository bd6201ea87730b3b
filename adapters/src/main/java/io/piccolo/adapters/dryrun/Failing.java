package io.piccolo.adapters.dryrun;

/**
 * An action the dry run is to fail, as a spec's {@code given: {failing: [...]}} names it.
 *
 * @param action the action, e.g. {@code launch}
 * @param target the decision's target (a Package), or null for every target
 * @param reason what the failed result says
 */
public record Failing(String action, String target, String reason) {
  public static final String DEFAULT_REASON = "made to fail by the spec";

  boolean matches(String action, String target) {
    return this.action.equals(action) && (this.target == null || this.target.equals(target));
  }
}
