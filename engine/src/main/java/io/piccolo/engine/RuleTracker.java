package io.piccolo.engine;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/** Knows which rule's consequence is running, so requests and verdicts can name it. */
final class RuleTracker extends DefaultAgendaEventListener {
  private final EngineStats stats;
  private volatile String current; // read by the round watchdog's thread

  RuleTracker(EngineStats stats) {
    this.stats = stats;
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
    stats.ruleFired(event.getMatch().getRule().getName());
    current = null;
  }
}
