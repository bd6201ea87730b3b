package io.piccolo.engine.fact;

/**
 * The condition index found the match of an edge-triggered rule new: the rule's then block runs
 * once for it, with the {@code Signal}s its patterns matched as they were at that instant. The rule
 * deletes it as it fires.
 */
public final class EdgeFired {
  private final String rule;
  private final Signal[] signals;

  public EdgeFired(String rule, Signal[] signals) {
    this.rule = rule;
    this.signals = signals.clone();
  }

  public String getRuleName() {
    return rule;
  }

  /** The {@code Signal} the rule's pattern number {@code i} matched. */
  public Signal signal(int i) {
    return signals[i];
  }

  @Override
  public String toString() {
    return "EdgeFired[" + rule + "]";
  }
}
