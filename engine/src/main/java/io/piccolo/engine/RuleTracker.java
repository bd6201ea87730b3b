package io.piccolo.engine;

import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.rulebase.RuleBase;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.function.LongSupplier;
import org.drools.core.reteoo.TerminalNode;
import org.drools.core.rule.consequence.InternalMatch;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.kie.api.KieBase;
import org.kie.api.runtime.rule.Match;
import org.kie.internal.event.rule.RuleEventListener;

/**
 * Knows which rule's consequence is running, so requests and verdicts can name it, and counts its
 * firing; with a listener, also tells each firing with the facts its match bound. A rule event
 * listener rather than an agenda one: Drools calls it around each consequence with the match
 * itself, where an agenda listener costs an event object for every match created, cancelled and
 * fired. A firing counts by its rule's number in the stats, found from the match's terminal node in
 * an array made when the session is: no lookup by name per firing.
 */
final class RuleTracker implements RuleEventListener {
  private final EngineStats stats;
  private final EdgeEpisodes episodes;

  /** By terminal node id: the stats number of the node's rule, or -1. */
  private final int[] ruleByNode;

  private volatile String current; // read by the round watchdog's thread

  /** Null (the default): a firing costs no explanation. */
  private FiringListener listener;

  private MatchExplainer explainer;

  /** The firing whose consequence runs, explained before it could change its facts. */
  private MatchExplainer.Explained running;

  RuleTracker(EngineStats stats, EdgeEpisodes episodes, KieBase kieBase, Collection<String> rules) {
    this.stats = stats;
    this.episodes = episodes;
    this.ruleByNode = ruleByNode(kieBase, rules, stats);
  }

  private static int[] ruleByNode(KieBase kieBase, Collection<String> rules, EngineStats stats) {
    if (!(kieBase instanceof InternalKnowledgeBase compiled)) {
      return new int[0]; // not a network this can read: every firing counts by name
    }
    Collection<TerminalNode[]> nodes = compiled.getReteooBuilder().getTerminalNodes().values();
    int maxId = -1;
    for (TerminalNode[] ofRule : nodes) {
      for (TerminalNode node : ofRule) {
        maxId = Math.max(maxId, node.getId());
      }
    }
    int[] byNode = new int[maxId + 1];
    Arrays.fill(byNode, -1);
    for (TerminalNode[] ofRule : nodes) {
      for (TerminalNode node : ofRule) {
        String rule = node.getRule().getName();
        if (rules.contains(rule)) {
          byNode[node.getId()] = stats.ruleId(rule);
        }
      }
    }
    return byNode;
  }

  String current() {
    return current;
  }

  /**
   * From now on tells {@code listener} every firing but those of {@code indexed} rules, which the
   * scenario index explains.
   */
  void listen(FiringListener listener, RuleBase ruleBase, Set<String> indexed, LongSupplier clock) {
    this.listener = listener;
    this.explainer = new MatchExplainer(ruleBase, indexed, clock);
  }

  /** The running consequence made an action request. */
  void requestMade() {
    if (running != null) {
      running.requestMade();
    }
  }

  @Override
  public void onBeforeMatchFire(Match match) {
    current = match.getRule().getName();
    if (listener != null) {
      running = explainer.explain(match);
    }
  }

  @Override
  public void onAfterMatchFire(Match match) {
    // an edge-triggered rule that found its episode open ran nothing: not a firing
    if (!episodes.takeSuppressed()) {
      stats.ruleFired(ruleId(match));
      if (running != null) {
        listener.drlFired(running.firing());
      }
    }
    running = null;
    current = null;
  }

  private int ruleId(Match match) {
    if (match instanceof InternalMatch internal) {
      int node = internal.getTerminalNode().getId();
      if (node < ruleByNode.length && ruleByNode[node] >= 0) {
        return ruleByNode[node];
      }
    }
    return stats.ruleId(match.getRule().getName());
  }
}
