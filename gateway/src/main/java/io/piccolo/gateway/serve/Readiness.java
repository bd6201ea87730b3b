package io.piccolo.gateway.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the process can do its work: ready only once every part has started, and not while any
 * part reports a problem (a round stuck in a rule, say). {@code /health/ready} answers from here.
 */
final class Readiness {
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private volatile boolean started;

  void started() {
    started = true;
  }

  void stopping() {
    started = false;
  }

  /** Not ready while {@code reason} holds, until {@link #cleared} for the same part. */
  void problem(String part, String reason) {
    problems.put(part, reason);
  }

  void cleared(String part) {
    problems.remove(part);
  }

  boolean ready() {
    return started && problems.isEmpty();
  }

  /** Why not ready, for the health answer; empty when ready. */
  Map<String, String> reasons() {
    if (!started) {
      return Map.of("process", "starting or stopping");
    }
    return Map.copyOf(problems);
  }
}
