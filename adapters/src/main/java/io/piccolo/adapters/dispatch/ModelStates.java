package io.piccolo.adapters.dispatch;

import io.piccolo.connectors.store.QueuedStateWriter;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.engine.state.ResourceKind;
import io.piccolo.engine.state.StateMachine;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes the Model states work leads to, and those executors see happen, to the store through the
 * state machine and a {@link QueuedStateWriter}, so neither the dispatcher nor the evaluator waits
 * for the store. A state the machine does not allow from the current one is reported, not written.
 */
public final class ModelStates implements AutoCloseable {
  /** Told of each Model state change as it is queued, on the thread that made it. */
  @FunctionalInterface
  public interface Steps {
    /**
     * @param from the state before, null when none was recorded
     * @param reason what the executor said, or null
     */
    void stepped(String model, String from, String to, String reason);
  }

  private final StateStore store;
  private final Consumer<String> refused;
  private final Steps steps;
  private final QueuedStateWriter writer;
  private final Map<String, String> current = new HashMap<>();

  /**
   * @param refused told of each state the machine refused, and of each the store refused
   */
  public ModelStates(StateStore store, Consumer<String> refused, Steps steps) {
    this.store = store;
    this.refused = refused;
    this.steps = steps;
    this.writer = new QueuedStateWriter(store, refused);
  }

  /** Reads the recorded states, so the first change goes on from what is stored. */
  public synchronized void start() throws StoreException {
    current.putAll(store.states(ResourceKind.MODEL));
  }

  /** Queues {@code model → state} unless it is the state already; never blocks. */
  public synchronized void record(String model, String state, String reason) {
    String from = current.get(model);
    if (state.equals(from)) {
      return;
    }
    var refusal = StateMachine.reject(ResourceKind.MODEL, from, state);
    if (refusal.isPresent()) {
      refused.accept("model " + model + ": " + refusal.get());
      return;
    }
    current.put(model, state);
    writer.submit(ResourceKind.MODEL, model, from, state);
    steps.stepped(model, from, state, reason);
  }

  /**
   * Queues the state a unit of work left its Model in. A {@code terminate} of a Model that died
   * (its containers ended by themselves) leaves it {@code dead}: removing what is left of it does
   * not make it a Model that ended well, and the state machine goes from {@code dead} only to
   * {@code running} or {@code created} (its next launch, or a warm start).
   */
  public synchronized void recordWork(String action, String model, String state, String reason) {
    if (action.equals("terminate") && state.equals("exited") && "dead".equals(current.get(model))) {
      return;
    }
    record(model, state, reason);
  }

  /** The state last recorded here or read at the start, or null. */
  public synchronized String state(String model) {
    return current.get(model);
  }

  /** Transitions queued and not yet written. */
  public int pending() {
    return writer.pending();
  }

  /**
   * Waits for queued writes while the store accepts them; gives up once none succeeded for {@code
   * outageLimit}.
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
