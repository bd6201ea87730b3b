package io.piccolo.engine;

import java.util.List;

/**
 * What a rule reload took over from the session it replaced, and what it left behind.
 *
 * @param signals latest {@code Signal} values the new rules match
 * @param signalEvents {@code SignalEvent}s still inside a window, at their original times
 * @param stateFacts state and artifact facts kept in step with the outside
 * @param declaredFacts facts of DRL-declared types whose declaration did not change
 * @param scenariosContinued YAML scenarios that did not change: truth, cooldown and {@code for}
 *     timers carry on
 * @param scenariosStarted new or changed YAML scenarios, evaluated afresh against the last samples
 * @param dropped facts not carried over, by type, with why
 */
public record CarryOver(
    int signals,
    int signalEvents,
    int stateFacts,
    int declaredFacts,
    int scenariosContinued,
    int scenariosStarted,
    List<Dropped> dropped) {

  /** Facts of one type left behind. */
  public record Dropped(String type, int facts, String reason) {}

  public CarryOver {
    dropped = List.copyOf(dropped);
  }

  public int droppedFacts() {
    return dropped.stream().mapToInt(Dropped::facts).sum();
  }
}
