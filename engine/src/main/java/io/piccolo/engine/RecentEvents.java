package io.piccolo.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.drools.core.common.InternalFactHandle;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Events told to the session from outside ({@code ActionResult}s, {@code DeadlineMiss}es), oldest
 * first. A process that runs for months must not keep every one it was ever told, so each stays for
 * the retention past its time and at most {@link #MAX_KEPT} stay at once; beyond either the oldest
 * is deleted. Rules that need less (the last minute's failures) say so with a window.
 */
final class RecentEvents<T> {
  /** The most events of one kind a session holds, whatever the retention. */
  static final int MAX_KEPT = 10_000;

  private record Kept<T>(FactHandle handle, T event) {}

  private final long retentionMillis;
  private final ToLongFunction<T> time;
  private final ArrayDeque<Kept<T>> kept = new ArrayDeque<>();

  /**
   * @param time an event's time, epoch ms on the session clock
   */
  RecentEvents(long retentionMillis, ToLongFunction<T> time) {
    this.retentionMillis = retentionMillis;
    this.time = time;
  }

  void insert(KieSession session, T event) {
    kept.addLast(new Kept<>(session.insert(event), event));
    while (kept.size() > MAX_KEPT) {
      delete(session, kept.pollFirst());
    }
  }

  /** Deletes the events whose retention has passed by {@code now}. */
  void deleteExpired(KieSession session, long now) {
    while (!kept.isEmpty() && time.applyAsLong(kept.peekFirst().event()) + retentionMillis <= now) {
      delete(session, kept.pollFirst());
    }
  }

  private static void delete(KieSession session, Kept<?> k) {
    if (((InternalFactHandle) k.handle()).isValid()) { // a rule or Drools' expiry may have
      session.delete(k.handle());
    }
  }

  /** The events still in the session, oldest first. */
  List<T> current() {
    List<T> out = new ArrayList<>(kept.size());
    for (Kept<T> k : kept) {
      if (((InternalFactHandle) k.handle()).isValid()) {
        out.add(k.event());
      }
    }
    return out;
  }

  int size() {
    return kept.size();
  }
}
