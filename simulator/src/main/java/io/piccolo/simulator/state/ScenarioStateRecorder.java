package io.piccolo.simulator.state;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.Transition;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.state.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Records YAML scenarios' states in a store as a run goes: waiting once registered, then for every
 * firing satisfied, allowed or denied, and completed when allowed (the dry run carries out nothing,
 * so an allowed action completes at once).
 */
public final class ScenarioStateRecorder {
  private final StateStore store;
  private final Set<String> scenarios;
  private long transitions;

  public ScenarioStateRecorder(StateStore store, Set<String> scenarios) {
    this.store = store;
    this.scenarios = scenarios;
  }

  /** Every scenario to waiting, from whatever an earlier run left. */
  public void start() throws StoreException {
    for (String name : scenarios) {
      String current = store.state(ResourceKind.SCENARIO, name).orElse(null);
      if (current != null && !current.equals("idle") && !current.equals("waiting")) {
        step(name, current, "idle");
        current = "idle";
      }
      if (!"waiting".equals(current)) {
        step(name, current, "waiting");
      }
    }
  }

  /** The states one round's decisions imply, in order. */
  public void record(List<DecidedAction> decided) throws StoreException {
    for (DecidedAction d : decided) {
      if (!scenarios.contains(d.scenario())) {
        continue; // a DRL rule's request: rules have no recorded state
      }
      String current = store.state(ResourceKind.SCENARIO, d.scenario()).orElse(null);
      step(d.scenario(), current, "satisfied");
      String decision = d.allowed() ? "allowed" : "denied";
      step(d.scenario(), "satisfied", decision);
      if (d.allowed()) {
        step(d.scenario(), decision, "completed");
      }
    }
  }

  private void step(String name, String from, String to) throws StoreException {
    Transition t = store.transition(ResourceKind.SCENARIO, name, from, to);
    if (!t.applied()) {
      throw new StoreException(
          "scenario " + name + ": cannot record " + from + " -> " + to + ": " + t.reason());
    }
    transitions++;
  }

  public long transitions() {
    return transitions;
  }

  /** Every scenario's recorded state, for reports. */
  public List<String> describe() throws StoreException {
    List<String> out = new ArrayList<>();
    for (String name : scenarios) {
      out.add(name + "=" + store.state(ResourceKind.SCENARIO, name).orElse("-"));
    }
    return out;
  }
}
