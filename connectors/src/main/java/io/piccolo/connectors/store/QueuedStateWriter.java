package io.piccolo.connectors.store;

import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes state transitions on its own thread, so evaluation never waits for the store. What queued
 * up is written in batches ({@link StateStore#transitions}), each resource's transitions in order,
 * so a backlog drains at the store's speed rather than one round trip per transition. While the
 * store is unreachable, transitions queue up and are retried with backoff; afterwards each one is
 * applied exactly once: a retry whose first attempt did commit finds the state already there and
 * moves on, and a state changed by someone else meanwhile is read back before going on.
 */
public final class QueuedStateWriter implements AutoCloseable {
  /** The most transitions handed to the store at once. */
  static final int BATCH = 1_000;

  /**
   * The least time from one batch's start to the next one's. A store write serialises and syncs
   * everything (the local store rewrites its file), so under a steady stream of transitions writing
   * each as it comes costs a write per transition; waiting this long gathers them into one, and a
   * transition after a quiet spell is still written at once.
   */
  static final long WRITE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final StateStore store;
  private final Consumer<String> refused;
  private final BlockingDeque<StateChange> queue = new LinkedBlockingDeque<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  /** Submitted and not yet written or refused, queued or in the store's hands. */
  private final AtomicInteger unwritten = new AtomicInteger();

  /** When the writer last wrote something or had nothing to write. */
  private volatile long lastProgressNanos = System.nanoTime();

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
    unwritten.incrementAndGet();
    queue.add(new StateChange(kind, name, from, to));
  }

  public long applied() {
    return applied.get();
  }

  /** Attempts that failed because the store was unreachable. */
  public long retries() {
    return retries.get();
  }

  public int pending() {
    return unwritten.get();
  }

  /**
   * Waits until everything queued is written, for as long as writes go on succeeding: it gives up
   * only once no write has succeeded for {@code outageLimit}, however long the backlog takes.
   *
   * @return true when everything was written
   */
  public boolean awaitWritten(Duration outageLimit) throws InterruptedException {
    while (pending() > 0) {
      long stalledNanos = System.nanoTime() - lastProgressNanos;
      if (stalledNanos >= outageLimit.toNanos()) {
        return false;
      }
      synchronized (this) {
        wait(Math.max(1, Math.min(50, (outageLimit.toNanos() - stalledNanos) / 1_000_000)));
      }
    }
    return true;
  }

  private void loop() {
    long backoff = FIRST_BACKOFF_MILLIS;
    long lastBatchNanos = System.nanoTime() - WRITE_INTERVAL_NANOS;
    while (running) {
      List<StateChange> batch = new ArrayList<>();
      try {
        StateChange first = queue.pollFirst(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          lastProgressNanos = System.nanoTime(); // idle is not an outage
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      try {
        gatherUntil(lastBatchNanos + WRITE_INTERVAL_NANOS);
      } catch (InterruptedException e) {
        requeue(batch); // closed: left queued, as every change not yet taken is
        return;
      }
      lastBatchNanos = System.nanoTime();
      queue.drainTo(batch, BATCH - 1);
      try {
        write(batch);
        backoff = FIRST_BACKOFF_MILLIS;
      } catch (Unwritten unreachable) {
        retries.incrementAndGet();
        requeue(unreachable.rest);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        continue;
      }
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Lets transitions gather until {@code nanos}, unless a full batch is already waiting. */
  private void gatherUntil(long nanos) throws InterruptedException {
    for (long left = nanos - System.nanoTime();
        left > 0 && running && queue.size() < BATCH - 1;
        left = nanos - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** Back at the front, in order: they go first when the store is back. */
  private void requeue(List<StateChange> rest) {
    for (int i = rest.size() - 1; i >= 0; i--) {
      queue.addFirst(rest.get(i));
    }
  }

  /** What could not be written because the store was unreachable, from the first such change. */
  private static final class Unwritten extends Exception {
    final transient List<StateChange> rest;

    Unwritten(List<StateChange> rest) {
      super(null, null, false, false);
      this.rest = rest;
    }
  }

  private void write(List<StateChange> batch) throws Unwritten {
    List<Transition> outcomes;
    try {
      outcomes = store.transitions(batch);
    } catch (StoreException e) {
      throw new Unwritten(batch);
    }
    lastProgressNanos = System.nanoTime();
    // a resource moved by someone else is written one change at a time from there on
    Set<String> resynced = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      StateChange c = batch.get(i);
      try {
        Transition t =
            resynced.contains(c.key())
                ? store.transition(c.kind(), c.name(), c.from(), c.to())
                : outcomes.get(i);
        if (!settle(c, t)) {
          resynced.add(c.key());
        }
      } catch (StoreException e) {
        throw new Unwritten(batch.subList(i, batch.size()));
      }
      unwritten.decrementAndGet();
    }
  }

  /**
   * Counts or reports one outcome; false when it had to write again, so the batch's outcomes for
   * this resource's later changes no longer hold.
   */
  private boolean settle(StateChange c, Transition t) throws StoreException {
    if (t.applied()) {
      applied.incrementAndGet();
      return true;
    }
    if (t.outcome() == Transition.Outcome.CONFLICT && c.to().equals(t.current())) {
      applied.incrementAndGet(); // an earlier attempt committed before its answer was lost
      return true;
    }
    if (t.outcome() != Transition.Outcome.CONFLICT) {
      refuse(c, t);
      return true;
    }
    // someone else moved it: go on from what is stored, if the machine allows
    Transition resynced = store.transition(c.kind(), c.name(), t.current(), c.to());
    if (resynced.applied()) {
      applied.incrementAndGet();
    } else {
      refuse(c, resynced);
    }
    return false;
  }

  private void refuse(StateChange c, Transition t) {
    refused.accept(c.kind().name().toLowerCase() + " " + c.name() + ": " + t.reason());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
