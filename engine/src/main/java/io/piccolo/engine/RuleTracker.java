package io.piccolo.engine;

import org.kie.api.runtime.rule.Match;
import org.kie.internal.event.rule.RuleEventListener;

/**
 * Knows which rule's consequence is running, so requests and verdicts can name it. A rule event
 * listener rather than an agenda one: Drools calls it around each consequence with the match
 * itself, where an agenda listener costs an event object for every match created, cancelled and
 * fired.
 */
final class RuleTracker implements RuleEventListener {
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
  public void onBeforeMatchFire(Match match) {
    current = match.getRule().getName();
  }

  @Override
  public void onAfterMatchFire(Match match) {
    // an edge-triggered rule that found its episode open ran nothing: not a firing
    if (!episodes.takeSuppressed()) {
      stats.ruleFired(match.getRule().getName());
    }
    current = null;
  }
}
