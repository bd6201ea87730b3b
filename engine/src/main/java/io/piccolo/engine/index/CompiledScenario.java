package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.List;

/** One scenario in the index: its condition tree and firing state. */
final class CompiledScenario {
  final Scenario definition;

  /** Null for a scenario without condition: it fires once, at the start of the run. */
  Node root;

  /** Its comparisons, in the order the condition lists them. */
  final List<Leaf> leaves = new ArrayList<>();

  /** Its groups with memory, innermost first; null when it has none. */
  GroupState[] groups;

  private List<GroupState> building = new ArrayList<>();

  boolean truth;
  boolean dirty;

  /** A level scenario's signal got a sample this instant. */
  boolean sampled;

  boolean neverEvaluated = true;

  /** A {@code for} timer ran out since the last evaluation. */
  boolean byTimer;

  /** That timer was a {@code stale} leaf's: its signal went quiet for the duration. */
  boolean byStaleness;

  /** The signal whose sample or timer touched it last since the last evaluation, or null. */
  String triggerPath;

  long lastFiredAt;
  boolean hasFired;
  long fired;
  long suppressed;
  long transitions;

  CompiledScenario(Scenario definition) {
    this.definition = definition;
  }

  boolean level() {
    return definition.trigger() == Trigger.LEVEL;
  }

  /** Takes over the firing state of the same scenario in an index being replaced. */
  void continueFrom(CompiledScenario before) {
    truth = before.truth;
    neverEvaluated = before.neverEvaluated;
    lastFiredAt = before.lastFiredAt;
    hasFired = before.hasFired;
    fired = before.fired;
    suppressed = before.suppressed;
    transitions = before.transitions;
  }

  /** Added after its items are compiled, so the list runs innermost first. */
  Node addGroup(GroupState group) {
    building.add(group);
    return group;
  }

  void sealGroups() {
    groups = building.isEmpty() ? null : building.toArray(GroupState[]::new);
    building = null;
  }

  void updateGroups(long now, TimerQueue<GroupState> timers) {
    for (GroupState g : groups) {
      g.update(now, timers);
    }
  }

  /** Same behaviour, so the same groups in the same order. */
  void continueGroups(CompiledScenario before, TimerQueue<GroupState> timers) {
    if (groups != null) {
      for (int i = 0; i < groups.length; i++) {
        groups[i].continueFrom(before.groups[i], timers);
      }
    }
  }

  boolean inCooldown(long now) {
    return hasFired && now - lastFiredAt < definition.cooldownMillis();
  }
}
