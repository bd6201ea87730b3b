package io.piccolo.engine;

import io.piccolo.engine.fact.ActionResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.drools.core.common.InternalFactHandle;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The {@link ActionResult}s in a session, oldest first. A process that runs for months must not
 * keep every result it was ever told, so each stays for the retention past its time and at most
 * {@link #MAX_KEPT} stay at once; beyond either the oldest is deleted. Rules that need less (the
 * last minute's failures) say so with a window.
 */
final class RecentResults {
  /** The most results a session holds, whatever the retention. */
  static final int MAX_KEPT = 10_000;

  private record Kept(FactHandle handle, ActionResult result) {}

  private final long retentionMillis;
  private final ArrayDeque<Kept> kept = new ArrayDeque<>();

  RecentResults(long retentionMillis) {
    this.retentionMillis = retentionMillis;
  }

  void insert(KieSession session, ActionResult result) {
    kept.addLast(new Kept(session.insert(result), result));
    while (kept.size() > MAX_KEPT) {
      delete(session, kept.pollFirst());
    }
  }

  /** Deletes the results whose retention has passed by {@code now}. */
  void deleteExpired(KieSession session, long now) {
    while (!kept.isEmpty() && kept.peekFirst().result().getTime() + retentionMillis <= now) {
      delete(session, kept.pollFirst());
    }
  }

  private static void delete(KieSession session, Kept k) {
    if (((InternalFactHandle) k.handle()).isValid()) { // a rule or Drools' expiry may have
      session.delete(k.handle());
    }
  }

  /** The results still in the session, oldest first. */
  List<ActionResult> current() {
    List<ActionResult> out = new ArrayList<>(kept.size());
    for (Kept k : kept) {
      if (((InternalFactHandle) k.handle()).isValid()) {
        out.add(k.result());
      }
    }
    return out;
  }

  int size() {
    return kept.size();
  }
}
