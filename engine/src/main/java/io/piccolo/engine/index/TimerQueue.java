package io.piccolo.engine.index;

import java.util.PriorityQueue;

/** Due times of {@code for} conditions; a cancelled timer stays queued but is skipped. */
final class TimerQueue {
  private record Entry(long due, Leaf leaf, long generation) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));

  void schedule(long due, Leaf leaf) {
    queue.add(new Entry(due, leaf, leaf.timerGeneration));
  }

  long nextDue() {
    dropCancelled();
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due;
  }

  /** Removes and returns the next leaf due at or before {@code now}, or null. */
  Leaf pollDue(long now) {
    dropCancelled();
    if (queue.isEmpty() || queue.peek().due > now) {
      return null;
    }
    return queue.poll().leaf;
  }

  private void dropCancelled() {
    while (!queue.isEmpty() && queue.peek().generation != queue.peek().leaf.timerGeneration) {
      queue.poll();
    }
  }
}
