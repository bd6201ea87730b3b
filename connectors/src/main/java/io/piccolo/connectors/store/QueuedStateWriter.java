package io.piccolo.connectors.store;

import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes state transitions in order on its own thread, so evaluation never waits for the store.
 * While the store is unreachable, transitions queue up and are retried with backoff; afterwards
 * each one is applied exactly once: a retry whose first attempt did commit finds the state already
 * there and moves on, and a state changed by someone else meanwhile is read back before going on.
 */
public final class QueuedStateWriter implements AutoCloseable {
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private record Change(ResourceKind kind, String name, String from, String to) {}

  private final StateStore store;
  private final Consumer<String> refused;
  private final BlockingDeque<Change> queue = new LinkedBlockingDeque<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean busy;

  /**
   * @param refused told, on the writer's thread, about each transition the state machine refused
   */
  public QueuedStateWriter(StateStore store, Consumer<String> refused) {
    this.store = store;
    this.refused = refused;
    this.thread = new Thread(this::loop, "piccolo-state-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code from → to}; never blocks. */
  public void submit(ResourceKind kind, String name, String from, String to) {
    queue.add(new Change(kind, name, from, to));
  }

  public long applied() {
    return applied.get();
  }

  /** Attempts that failed because the store was unreachable. */
  public long retries() {
    return retries.get();
  }

  public int pending() {
    return queue.size() + (busy ? 1 : 0);
  }

  /** Waits until everything queued is written, or the time is up; true when it all was. */
  public boolean awaitWritten(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (pending() > 0 && System.nanoTime() < deadline) {
      synchronized (this) {
        wait(10);
      }
    }
    return pending() == 0;
  }

  private void loop() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (running) {
      Change next;
      try {
        next = queue.pollFirst(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      busy = true;
      try {
        write(next);
        backoff = FIRST_BACKOFF_MILLIS;
        busy = false;
        synchronized (this) {
          notifyAll();
        }
      } catch (StoreException unreachable) {
        retries.incrementAndGet();
        queue.addFirst(next); // keep the order: this one goes first when the store is back
        busy = false;
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private void write(Change c) throws StoreException {
    Transition t = store.transition(c.kind(), c.name(), c.from(), c.to());
    if (t.applied()) {
      applied.incrementAndGet();
      return;
    }
    if (t.outcome() == Transition.Outcome.CONFLICT && c.to().equals(t.current())) {
      applied.incrementAndGet(); // an earlier attempt committed before its answer was lost
      return;
    }
    if (t.outcome() == Transition.Outcome.CONFLICT) {
      // someone else moved it: go on from what is stored, if the machine allows
      Transition resynced = store.transition(c.kind(), c.name(), t.current(), c.to());
      if (resynced.applied()) {
        applied.incrementAndGet();
        return;
      }
      t = resynced;
    }
    refused.accept(c.kind().name().toLowerCase() + " " + c.name() + ": " + t.reason());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
