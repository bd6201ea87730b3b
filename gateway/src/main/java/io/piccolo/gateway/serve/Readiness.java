package io.piccolo.gateway.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the process can do its work: ready only once every part has started, and not while any
 * part reports a problem (a round stuck in a rule, say). {@code /health/ready} answers from here.
 */
final class Readiness {
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private final Map<String, String> warnings = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean stopping;

  void started() {
    started = true;
  }

  void stopping() {
    started = false;
    stopping = true;
  }

  /** Not ready while {@code reason} holds, until {@link #cleared} for the same part. */
  void problem(String part, String reason) {
    problems.put(part, reason);
  }

  void cleared(String part) {
    problems.remove(part);
  }

  /** Ready all the same, but {@code warning} is worth knowing (the store is unreachable, say). */
  void warn(String part, String warning) {
    warnings.put(part, warning);
  }

  void unwarn(String part) {
    warnings.remove(part);
  }

  Map<String, String> warnings() {
    return Map.copyOf(warnings);
  }

  boolean ready() {
    return started && problems.isEmpty();
  }

  /** Why not ready, for the health answer; empty when ready. */
  Map<String, String> reasons() {
    if (!started) {
      return Map.of(
          "process",
          stopping
              ? "stopping: the queued samples are being evaluated; send new ones to another server"
              : "starting: the rules are being built; ask again in a moment");
    }
    return Map.copyOf(problems);
  }
}
