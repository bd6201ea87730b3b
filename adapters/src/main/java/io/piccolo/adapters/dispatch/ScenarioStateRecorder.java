package io.piccolo.adapters.dispatch;

import io.piccolo.connectors.store.QueuedStateWriter;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records YAML scenarios' states in a store as a run goes: waiting once registered, then for every
 * firing satisfied, allowed or denied, and for an allowed one completed or failed once its action's
 * work has ended ({@link #finished}). A scenario that fires again while its last action is still
 * being carried out has its new states recorded after that action's outcome, so the store always
 * holds a path the state machine allows. Scenarios may come and go while it runs ({@link #follow}):
 * a new one is registered as waiting, one that is gone is set idle. Writes go through a {@link
 * QueuedStateWriter}, so the run never waits for the store and survives it being away for a while.
 */
public final class ScenarioStateRecorder implements AutoCloseable {
  private final StateStore store;
  private final Set<String> scenarios;
  private final QueuedStateWriter writer;
  private final Map<String, String> current = new HashMap<>();

  /** Per scenario, its firings whose states are not all recorded yet, oldest first. */
  private final Map<String, ArrayDeque<Firing>> firings = new HashMap<>();

  private static final class Firing {
    final DecidedAction decision;
    boolean recorded;
    Boolean succeeded; // null while its work is being carried out
    long endedMillis;

    Firing(DecidedAction decision) {
      this.decision = decision;
    }
  }

  private final Steps steps;
  private long transitions;

  /** Told of each transition as it is queued, on the thread that recorded it. */
  @FunctionalInterface
  public interface Steps {
    /**
     * @param timeMillis the decision's time, or -1 for the transitions to waiting at the start
     * @param from the state before, null when none was stored
     */
    void stepped(long timeMillis, String scenario, String from, String to);
  }

  /**
   * @param refused told about each transition the state machine refused (a scenario whose stored
   *     state was moved by someone else into one this run cannot continue from)
   */
  public ScenarioStateRecorder(
      StateStore store, Set<String> scenarios, java.util.function.Consumer<String> refused) {
    this(store, scenarios, refused, (time, scenario, from, to) -> {});
  }

  /**
   * @param steps told of each transition as it is queued (before it is written)
   */
  public ScenarioStateRecorder(
      StateStore store,
      Set<String> scenarios,
      java.util.function.Consumer<String> refused,
      Steps steps) {
    this.store = store;
    this.scenarios = new java.util.LinkedHashSet<>(scenarios);
    this.writer = new QueuedStateWriter(store, refused);
    this.steps = steps;
  }

  /** Every scenario to waiting, from whatever an earlier run left. */
  public synchronized void start() throws StoreException {
    for (String name : scenarios) {
      register(name, store.state(ResourceKind.SCENARIO, name).orElse(null));
    }
  }

  private void register(String name, String stored) {
    current.put(name, stored);
    if (stored != null && !stored.equals("idle") && !stored.equals("waiting")) {
      step(-1, name, "idle");
    }
    if (!"waiting".equals(current.get(name))) {
      step(-1, name, "waiting");
    }
  }

  /**
   * The scenarios that run from now on: each new one goes to waiting from whatever its stored state
   * was (read now), each one no longer among them to idle, and it is recorded no more (the outcomes
   * of its actions still being carried out included).
   */
  public synchronized void follow(java.util.Collection<String> running) {
    for (String name : List.copyOf(scenarios)) {
      if (!running.contains(name)) {
        scenarios.remove(name);
        firings.remove(name);
        if (current.get(name) != null && !"idle".equals(current.get(name))) {
          step(-1, name, "idle");
        }
        current.remove(name);
      }
    }
    for (String name : running) {
      if (scenarios.add(name)) {
        register(name, storedState(name));
      }
    }
  }

  /** The stored state, or null when the store cannot say now (the writer then finds it out). */
  private String storedState(String name) {
    try {
      return store.state(ResourceKind.SCENARIO, name).orElse(null);
    } catch (StoreException e) {
      return null;
    }
  }

  /**
   * The states one round's decisions imply, in order. Call it before the allowed decisions are
   * dispatched, so their outcomes find them here.
   */
  public synchronized void record(List<DecidedAction> decided) {
    for (DecidedAction d : decided) {
      if (!scenarios.contains(d.scenario())) {
        continue; // a DRL rule's request: rules have no recorded state
      }
      firings.computeIfAbsent(d.scenario(), s -> new ArrayDeque<>()).add(new Firing(d));
      drain(d.scenario());
    }
  }

  /**
   * The work of an allowed decision (the very object {@link #record} was given) has ended: its
   * scenario is completed, or failed.
   *
   * @param timeMillis when it ended
   */
  public synchronized void finished(DecidedAction decision, boolean succeeded, long timeMillis) {
    ArrayDeque<Firing> waiting = firings.get(decision.scenario());
    if (waiting == null) {
      return;
    }
    for (Firing f : waiting) {
      if (f.decision == decision && f.succeeded == null) {
        f.succeeded = succeeded;
        f.endedMillis = timeMillis;
        break;
      }
    }
    drain(decision.scenario());
  }

  /** Records what can be recorded, oldest firing first, up to one whose work has not ended. */
  private void drain(String scenario) {
    ArrayDeque<Firing> waiting = firings.get(scenario);
    while (!waiting.isEmpty()) {
      Firing f = waiting.peekFirst();
      DecidedAction d = f.decision;
      if (!f.recorded) {
        step(d.timeMillis(), scenario, "satisfied");
        step(d.timeMillis(), scenario, d.allowed() ? "allowed" : "denied");
        f.recorded = true;
      }
      if (d.allowed()) {
        if (f.succeeded == null) {
          return;
        }
        step(f.endedMillis, scenario, f.succeeded ? "completed" : "failed");
      }
      waiting.pollFirst();
    }
  }

  /** Allowed firings whose work has not ended yet. */
  public synchronized int outstanding() {
    int n = 0;
    for (ArrayDeque<Firing> waiting : firings.values()) {
      for (Firing f : waiting) {
        if (f.decision.allowed() && f.succeeded == null) {
          n++;
        }
      }
    }
    return n;
  }

  private void step(long timeMillis, String name, String to) {
    String from = current.get(name);
    writer.submit(ResourceKind.SCENARIO, name, from, to);
    current.put(name, to);
    transitions++;
    steps.stepped(timeMillis, name, from, to);
  }

  /** Transitions made, queued or written. */
  public synchronized long transitions() {
    return transitions;
  }

  /** Transitions queued and not yet written. */
  public int pending() {
    return writer.pending();
  }

  /**
   * Waits for queued writes as long as the store keeps accepting them; gives up once none has
   * succeeded for {@code outageLimit}.
   *
   * @return how many could not be written
   */
  public int finish(Duration outageLimit) throws InterruptedException {
    writer.awaitWritten(outageLimit);
    return writer.pending();
  }

  @Override
  public void close() throws InterruptedException {
    writer.close();
  }
}
