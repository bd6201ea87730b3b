package io.piccolo.engine.index;

import java.util.PriorityQueue;

/**
 * Due times of timers on the session clock ({@code for}, {@code stale}, group {@code for}, count
 * windows); a cancelled timer stays queued but is skipped.
 *
 * @param <T> what a timer is for: it bumps its generation whenever a pending timer must be ignored
 */
final class TimerQueue<T extends TimerQueue.Timed> {
  /** The owner of timers, with its current generation. */
  interface Timed {
    long timerGeneration();
  }

  private record Entry<T>(long due, T owner, long generation) {}

  private final PriorityQueue<Entry<T>> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));

  void schedule(long due, T owner) {
    queue.add(new Entry<>(due, owner, owner.timerGeneration()));
  }

  long nextDue() {
    dropCancelled();
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due;
  }

  /** Removes and returns the next owner due at or before {@code now}, or null. */
  T pollDue(long now) {
    dropCancelled();
    if (queue.isEmpty() || queue.peek().due > now) {
      return null;
    }
    return queue.poll().owner;
  }

  private void dropCancelled() {
    while (!queue.isEmpty() && queue.peek().generation != queue.peek().owner.timerGeneration()) {
      queue.poll();
    }
  }
}
