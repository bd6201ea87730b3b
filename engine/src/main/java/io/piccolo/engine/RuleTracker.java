package io.piccolo.engine;

import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.rulebase.RuleBase;
import java.util.Set;
import java.util.function.LongSupplier;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Knows which rule's consequence is running, so requests and verdicts can name it; with a listener,
 * also tells each firing with the facts its match bound.
 */
final class RuleTracker extends DefaultAgendaEventListener {
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
  public void beforeMatchFired(BeforeMatchFiredEvent event) {
    current = event.getMatch().getRule().getName();
    if (listener != null) {
      running = explainer.explain(event.getMatch());
    }
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    // an edge-triggered rule that found its episode open ran nothing: not a firing
    if (!episodes.takeSuppressed()) {
      stats.ruleFired(event.getMatch().getRule().getName());
      if (running != null) {
        listener.drlFired(running.firing());
      }
    }
    running = null;
    current = null;
  }
}
