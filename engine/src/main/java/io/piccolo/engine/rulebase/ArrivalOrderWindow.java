package io.piccolo.engine.rulebase;

import java.util.ArrayDeque;
import java.util.Collection;
import org.drools.core.common.DefaultEventHandle;
import org.drools.core.rule.BehaviorContext;
import org.drools.core.rule.SlidingTimeWindow;

/**
 * Drools' sliding time window with its events kept in arrival order instead of a priority queue.
 * Samples arrive in time order, so the oldest event is the first one and leaves the window without
 * a heap's re-sort (on a 60 s window at 100 Hz that re-sort was a fifth of a replay); an event that
 * arrives late is put in its place. Events of the same time leave in the order they came.
 */
final class ArrivalOrderWindow extends SlidingTimeWindow {
  ArrivalOrderWindow(long size) {
    super(size);
  }

  @Override
  public BehaviorContext createContext() {
    return new Events();
  }

  /** The window's events, oldest first. */
  static final class Events extends SlidingTimeWindowContext {
    private final ArrayDeque<DefaultEventHandle> events = new ArrayDeque<>();
    private final ArrayDeque<DefaultEventHandle> later = new ArrayDeque<>();

    @Override
    public void add(DefaultEventHandle event) {
      long time = event.getStartTimestamp();
      while (!events.isEmpty() && events.peekLast().getStartTimestamp() > time) {
        later.push(events.pollLast());
      }
      events.addLast(event);
      while (!later.isEmpty()) {
        events.addLast(later.pop());
      }
    }

    @Override
    public void remove(DefaultEventHandle event) {
      events.remove(event);
    }

    @Override
    public boolean isEmpty() {
      return events.isEmpty();
    }

    @Override
    public DefaultEventHandle peek() {
      return events.peekFirst();
    }

    @Override
    public DefaultEventHandle poll() {
      return events.pollFirst();
    }

    @Override
    public DefaultEventHandle remove() {
      return events.removeFirst();
    }

    @Override
    public Collection<DefaultEventHandle> getFactHandles() {
      return events;
    }
  }
}
