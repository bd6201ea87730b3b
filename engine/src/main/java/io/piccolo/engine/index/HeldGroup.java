package io.piccolo.engine.index;

/** A group with {@code for}: true once its item has been true continuously that long. */
final class HeldGroup extends GroupState {
  final long forMillis;

  /** When the item last became true; meaningful while it is. */
  private long since;

  HeldGroup(Node item, long forMillis, CompiledScenario owner) {
    super(item, owner);
    this.forMillis = forMillis;
  }

  @Override
  void update(long now, TimerQueue<GroupState> timers) {
    boolean current = item.eval();
    if (current && !itemTrue) {
      since = now;
      timerGeneration++;
      timers.schedule(since + forMillis, this);
    } else if (!current && itemTrue) {
      timerGeneration++;
    }
    itemTrue = current;
    value = current && now - since >= forMillis;
  }

  @Override
  void continueFrom(GroupState before, TimerQueue<GroupState> timers) {
    HeldGroup old = (HeldGroup) before;
    itemTrue = old.itemTrue;
    value = old.value;
    since = old.since;
    if (itemTrue && !value) {
      timers.schedule(since + forMillis, this);
    }
  }

  long since() {
    return since;
  }
}
