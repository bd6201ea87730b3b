package io.piccolo.engine.index;

/**
 * A condition node that remembers across evaluations (a group held {@code for} a time, a count of
 * edges): its truth depends on when its item changed, not only on what the item is now. The index
 * updates it before the scenario's condition is read, innermost first, so it sees every change of
 * its item even where an enclosing all/any would stop reading early.
 */
abstract class GroupState implements Node, TimerQueue.Timed {
  final Node item;
  final CompiledScenario owner;

  /** What the item was at the last update. */
  boolean itemTrue;

  /** What the condition tree sees. */
  boolean value;

  /** Bumped whenever a pending timer must be ignored. */
  long timerGeneration;

  GroupState(Node item, CompiledScenario owner) {
    this.item = item;
    this.owner = owner;
  }

  @Override
  public long timerGeneration() {
    return timerGeneration;
  }

  @Override
  public boolean eval() {
    return value;
  }

  /** Reads the item at {@code now}, updates {@link #value} and schedules the next change. */
  abstract void update(long now, TimerQueue<GroupState> timers);

  /** Takes over the state of the same group in an index being replaced, with its timer. */
  abstract void continueFrom(GroupState before, TimerQueue<GroupState> timers);
}
