package io.piccolo.engine.index;

import java.util.PriorityQueue;

/**
 * Due times of group {@code for} and count windows; a cancelled timer stays queued but is skipped.
 */
final class GroupTimers {
  private record Entry(long due, GroupState group, long generation) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));

  void schedule(long due, GroupState group) {
    queue.add(new Entry(due, group, group.timerGeneration));
  }

  long nextDue() {
    dropCancelled();
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due;
  }

  /** Removes and returns the next group due at or before {@code now}, or null. */
  GroupState pollDue(long now) {
    dropCancelled();
    if (queue.isEmpty() || queue.peek().due > now) {
      return null;
    }
    return queue.poll().group;
  }

  private void dropCancelled() {
    while (!queue.isEmpty() && queue.peek().generation != queue.peek().group.timerGeneration) {
      queue.poll();
    }
  }
}
