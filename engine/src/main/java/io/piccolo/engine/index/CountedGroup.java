package io.piccolo.engine.index;

/**
 * {@code count: N, within: W}: true while the item became true at least N times in the window; an
 * edge at t counts for [t, t + W). Only the last N edges matter, so they sit in a ring: the
 * condition holds while the oldest of them is inside the window, and turns false by a timer when it
 * leaves.
 */
final class CountedGroup extends GroupState {
  final int times;
  final long withinMillis;

  /** The last {@code times} edge instants, oldest at {@code next} once full. */
  private final long[] edges;

  private int next;
  private long recorded;

  CountedGroup(Node item, int times, long withinMillis, CompiledScenario owner) {
    super(item, owner);
    this.times = times;
    this.withinMillis = withinMillis;
    this.edges = new long[times];
  }

  @Override
  void update(long now, TimerQueue<GroupState> timers) {
    boolean current = item.eval();
    if (current && !itemTrue) {
      edges[next] = now;
      next = (next + 1) % times;
      recorded++;
      if (recorded >= times) {
        timerGeneration++;
        timers.schedule(oldest() + withinMillis, this);
      }
    }
    itemTrue = current;
    value = recorded >= times && now - oldest() < withinMillis;
  }

  /** The oldest of the last {@code times} edges. */
  private long oldest() {
    return edges[next];
  }

  /** Edges still inside the window at {@code now}, for explaining. */
  int inWindow(long now) {
    int n = 0;
    for (int i = 0; i < Math.min(recorded, times); i++) {
      if (now - edges[i] < withinMillis) {
        n++;
      }
    }
    return n;
  }

  @Override
  void continueFrom(GroupState before, TimerQueue<GroupState> timers) {
    CountedGroup old = (CountedGroup) before;
    itemTrue = old.itemTrue;
    value = old.value;
    System.arraycopy(old.edges, 0, edges, 0, times);
    next = old.next;
    recorded = old.recorded;
    if (value) {
      timers.schedule(oldest() + withinMillis, this);
    }
  }
}
