package io.piccolo.engine;

import org.drools.core.common.InternalFactHandle;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The {@code SignalEvent}s of a session whose rules see events only through sliding time windows,
 * in the order they were inserted: once the rule base's expiry has passed since an event's time,
 * the event has left every window and is in no match, so deleting it changes no decision. Deleting
 * them here, oldest first, as the clock moves replaces one Drools expiry job per event (and the
 * round each job ran in).
 */
final class ExpiringEvents {
  private final long expiryMillis;
  private FactHandle[] handles = new FactHandle[1024];
  private long[] times = new long[1024];
  private int head;
  private int size;

  ExpiringEvents(long expiryMillis) {
    this.expiryMillis = expiryMillis;
  }

  void add(FactHandle handle, long time) {
    if (size == handles.length) {
      grow();
    }
    int at = (head + size) & (handles.length - 1);
    handles[at] = handle;
    times[at] = time;
    size++;
  }

  /**
   * Deletes the events whose expiry has passed by {@code now}, oldest first; an event that came
   * late waits behind a younger one, having left (or never entered) its windows all the same.
   */
  void deleteExpired(KieSession session, long now) {
    while (size > 0 && times[head] + expiryMillis <= now) {
      FactHandle handle = handles[head];
      handles[head] = null;
      head = (head + 1) & (handles.length - 1);
      size--;
      if (((InternalFactHandle) handle).isValid()) { // a rule may have deleted it
        session.delete(handle);
      }
    }
  }

  private void grow() {
    FactHandle[] moreHandles = new FactHandle[handles.length * 2];
    long[] moreTimes = new long[times.length * 2];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (handles.length - 1);
      moreHandles[i] = handles[from];
      moreTimes[i] = times[from];
    }
    handles = moreHandles;
    times = moreTimes;
    head = 0;
  }
}
