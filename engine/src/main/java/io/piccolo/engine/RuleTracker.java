package io.piccolo.engine;

import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.rulebase.RuleBase;
import java.util.Set;
import java.util.function.LongSupplier;
import org.kie.api.runtime.rule.Match;
import org.kie.internal.event.rule.RuleEventListener;

/**
 * Knows which rule's consequence is running, so requests and verdicts can name it; with a listener,
 * also tells each firing with the facts its match bound. A rule event listener rather than an
 * agenda one: Drools calls it around each consequence with the match itself, where an agenda
 * listener costs an event object for every match created, cancelled and fired.
 */
final class RuleTracker implements RuleEventListener {
  private final EngineStats stats;
  private final EdgeEpisodes episodes;
  private volatile String current; // read by the round watchdog's thread

  /** Null (the default): a firing costs no explanation. */
  private FiringListener listener;

  private MatchExplainer explainer;

  /** The firing whose consequence runs, explained before it could change its facts. */
  private MatchExplainer.Explained running;

  RuleTracker(EngineStats stats, EdgeEpisodes episodes) {
    this.stats = stats;
    this.episodes = episodes;
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
      stats.ruleFired(match.getRule().getName());
      if (running != null) {
        listener.drlFired(running.firing());
      }
    }
    running = null;
    current = null;
  }
}
