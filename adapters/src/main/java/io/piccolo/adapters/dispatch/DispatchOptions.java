package io.piccolo.adapters.dispatch;

import java.time.Duration;

/**
 * How the dispatcher carries out work.
 *
 * @param callTimeout the longest one call to an executor may take; a call past it counts as a
 *     transient failure (the runtime did not answer)
 * @param retries further attempts after a transient failure (0: none)
 * @param backoff the wait before the first retry; each later one waits twice as long, at most
 *     {@code maxBackoff}
 * @param breakerFailures transient failures in a row on one node that open its circuit
 * @param breakerOpenFor how long an open circuit fails work at once before one probe may try
 */
public record DispatchOptions(
    Duration callTimeout,
    int retries,
    Duration backoff,
    Duration maxBackoff,
    int breakerFailures,
    Duration breakerOpenFor) {
  public DispatchOptions {
    positive("call timeout", callTimeout);
    positive("backoff", backoff);
    positive("longest backoff", maxBackoff);
    positive("breaker open time", breakerOpenFor);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, got " + retries);
    }
    if (breakerFailures < 1) {
      throw new IllegalArgumentException(
          "the failures that open a circuit must be at least 1, got " + breakerFailures);
    }
  }

  public static DispatchOptions defaults() {
    return new DispatchOptions(
        Duration.ofSeconds(30),
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(5),
        5,
        Duration.ofSeconds(10));
  }

  /** The wait before retry {@code n} (1 for the first). */
  Duration backoffBefore(int n) {
    Duration d = backoff;
    for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  private static void positive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
    }
  }
}
