package io.piccolo.engine.fact;

import java.util.Arrays;

/**
 * One episode of an edge-triggered DRL rule ({@code @trigger(edge)}): the rule matched these facts
 * and has fired for them. The rule inserts it logically, so Drools retracts it when the match goes
 * away, which re-arms the rule. Two episodes are equal when they are of the same rule and hold the
 * very same facts (by identity: a {@code Signal} updated in place stays the same fact).
 */
public final class Episode {
  private final String rule;
  private final Object[] facts;
  private final int hash;

  /** Whether the rule's consequence ran for it: set by the first firing, before any other. */
  private boolean announced;

  public Episode(String rule, Object[] facts) {
    this.rule = rule;
    this.facts = facts.clone();
    int h = rule.hashCode();
    for (Object f : this.facts) {
      h = 31 * h + System.identityHashCode(f);
    }
    this.hash = h;
  }

  public String getRule() {
    return rule;
  }

  /** The facts of the match's positive patterns, in the rule's order. */
  public Object[] facts() {
    return facts.clone();
  }

  /**
   * Marks the episode announced.
   *
   * @return whether it was not already: the first firing of its match
   */
  public boolean announce() {
    boolean first = !announced;
    announced = true;
    return first;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Episode e) || e.hash != hash || !e.rule.equals(rule)) {
      return false;
    }
    if (e.facts.length != facts.length) {
      return false;
    }
    for (int i = 0; i < facts.length; i++) {
      if (e.facts[i] != facts[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "Episode[" + rule + " " + Arrays.toString(facts) + "]";
  }
}
