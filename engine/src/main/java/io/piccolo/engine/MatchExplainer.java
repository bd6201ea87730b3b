package io.piccolo.engine;

import io.piccolo.engine.index.FiringListener.BoundFact;
import io.piccolo.engine.index.FiringListener.Change;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Trigger;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleOrigins;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.drools.core.common.InternalFactHandle;
import org.drools.core.common.PropagationContext;
import org.drools.core.rule.consequence.InternalMatch;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.Match;

/** What a DRL rule's match bound and what made it, read before its consequence runs. */
final class MatchExplainer {
  private final RuleOrigins origins;
  private final Set<String> indexed;
  private final LongSupplier clock;
  private final BoundFacts facts;

  MatchExplainer(RuleBase ruleBase, Set<String> indexed, LongSupplier clock) {
    this.origins = ruleBase.origins();
    this.facts = new BoundFacts(ruleBase.kieBase());
    this.indexed = indexed;
    this.clock = clock;
  }

  /** A firing being explained: its requests are counted while the consequence runs. */
  static final class Explained {
    private final String rule;
    private final String place;
    private final long time;
    private final Trigger trigger;
    private final List<BoundFact> facts;
    private int requests;

    private Explained(
        String rule, String place, long time, Trigger trigger, List<BoundFact> facts) {
      this.rule = rule;
      this.place = place;
      this.time = time;
      this.trigger = trigger;
      this.facts = facts;
    }

    void requestMade() {
      requests++;
    }

    DrlFiring firing() {
      return new DrlFiring(rule, place, time, trigger, facts, requests);
    }
  }

  /** The match explained, or null for a rule the scenario index explains. */
  Explained explain(Match match) {
    String rule = match.getRule().getName();
    if (indexed.contains(rule)) {
      return null;
    }
    return new Explained(
        rule,
        origins.place(rule),
        clock.getAsLong(),
        trigger(match),
        facts.ofAll(match.getObjects()));
  }

  private Trigger trigger(Match match) {
    if (!(match instanceof InternalMatch internal)) {
      return null;
    }
    PropagationContext context = internal.getPropagationContext();
    if (context == null) {
      return null;
    }
    Change change =
        switch (context.getType()) {
          case INSERTION -> Change.INSERT;
          case MODIFICATION -> Change.UPDATE;
          case DELETION -> Change.DELETE;
          case EXPIRATION -> Change.EXPIRY;
          case RULE_ADDITION, RULE_REMOVAL -> Change.RULES_ADDED;
        };
    FactHandle handle = context.getFactHandle();
    Object fact = handle instanceof InternalFactHandle h ? h.getObject() : null;
    String byRule = context.getRuleOrigin() == null ? null : context.getRuleOrigin().getName();
    return new Trigger(change, fact == null ? null : facts.of(fact), byRule);
  }
}
