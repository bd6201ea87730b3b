package io.piccolo.adapters.bluechi;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Matches BlueChi's {@code JobRemoved} signals to the jobs this process queued. A signal can arrive
 * before the reply that names its job (signals and replies are handled on different threads), so a
 * result nobody waits for yet is kept for a while; most belong to other clients' jobs, hence the
 * bound.
 */
final class JobResults {
  private static final int UNCLAIMED_KEPT = 1024;

  private final Map<String, CompletableFuture<String>> awaited = new HashMap<>();
  private final Map<String, String> unclaimed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > UNCLAIMED_KEPT;
        }
      };

  /** Completes with the job's result ({@code done}, {@code failed}, …). */
  synchronized CompletableFuture<String> await(String job) {
    String result = unclaimed.remove(job);
    if (result != null) {
      return CompletableFuture.completedFuture(result);
    }
    return awaited.computeIfAbsent(job, j -> new CompletableFuture<>());
  }

  /** Stops waiting for a job, e.g. after its timeout. */
  synchronized void forget(String job) {
    awaited.remove(job);
  }

  void removed(String job, String result) {
    CompletableFuture<String> waiting;
    synchronized (this) {
      waiting = awaited.remove(job);
      if (waiting == null) {
        unclaimed.put(job, result);
        return;
      }
    }
    waiting.complete(result);
  }

  /** The connection that would have told the results is gone: job ids start over with the next. */
  void failAll(Throwable cause) {
    Map<String, CompletableFuture<String>> waiting;
    synchronized (this) {
      waiting = new HashMap<>(awaited);
      awaited.clear();
      unclaimed.clear();
    }
    waiting.values().forEach(f -> f.completeExceptionally(cause));
  }
}
