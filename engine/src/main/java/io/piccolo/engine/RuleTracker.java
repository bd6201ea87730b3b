package io.piccolo.engine;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/** Knows which rule's consequence is running, so requests and verdicts can name it. */
final class RuleTracker extends DefaultAgendaEventListener {
  private final EngineStats stats;
  private final EdgeEpisodes episodes;
  private volatile String current; // read by the round watchdog's thread

  RuleTracker(EngineStats stats, EdgeEpisodes episodes) {
    this.stats = stats;
    this.episodes = episodes;
  }

  String current() {
    return current;
  }

  @Override
  public void beforeMatchFired(BeforeMatchFiredEvent event) {
    current = event.getMatch().getRule().getName();
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    // an edge-triggered rule that found its episode open ran nothing: not a firing
    if (!episodes.takeSuppressed()) {
      stats.ruleFired(event.getMatch().getRule().getName());
    }
    current = null;
  }
}
