package io.piccolo.engine.decision;

import io.piccolo.engine.fact.ActionRequest;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The requests of the round in progress: in working memory while policy rules can see them, then
 * settled and removed at the round's end, or abandoned when the round failed.
 */
public final class RoundRequests {
  private final KieSession session;
  private final boolean seen;
  private final List<ActionRequest> pending = new ArrayList<>();

  /** The handle of each pending request, by position; empty when no rule can see requests. */
  private final List<FactHandle> handles = new ArrayList<>();

  /**
   * @param seen whether any rule can see a request ({@link RequestReaders}); when none can,
   *     requests stay out of working memory and are settled by the default decision
   */
  public RoundRequests(KieSession session, boolean seen) {
    this.session = session;
    this.seen = seen;
  }

  public void add(ActionRequest request) {
    if (seen) {
      handles.add(session.insert(request));
    }
    pending.add(request);
  }

  /**
   * Settles every request of the round and removes it from working memory.
   *
   * @return the settled requests, in the order they were made
   */
  public List<ActionRequest> settle(boolean denyByDefault) {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<ActionRequest> settled = new ArrayList<>(pending);
    try {
      for (int i = 0; i < settled.size(); i++) {
        settled.get(i).settle(denyByDefault);
        delete(i);
      }
    } finally {
      clear(); // deleting a request re-evaluates conditions on it, which may throw
    }
    return settled;
  }

  /** A failed round's requests leave working memory undecided, so later rounds never see them. */
  public void abandon() {
    for (int i = 0; i < handles.size(); i++) {
      delete(i);
    }
    clear();
  }

  private void delete(int i) {
    if (seen) {
      session.delete(handles.get(i));
    }
  }

  private void clear() {
    pending.clear();
    handles.clear();
  }
}
