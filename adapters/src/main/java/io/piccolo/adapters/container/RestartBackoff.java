package io.piccolo.adapters.container;

import java.time.Duration;

/**
 * How long to wait before a Model's next restart: {@code min(first · 2ⁿ, longest)} after n
 * restarts, Pullpiri's (and Kubernetes') 10 s doubling to at most 300 s by default.
 *
 * @param resetAfter how long a restarted container must run without failing before the Model's
 *     count of restarts starts again from 0
 */
public record RestartBackoff(Duration first, Duration longest, Duration resetAfter) {
  /**
   * Kubernetes' kubelet forgets a container's backoff once it has run 10 minutes without failing: a
   * workload that crashes once a day then waits 10 s again, not the 300 s its history earned it.
   */
  public static final Duration RESET_AFTER = Duration.ofMinutes(10);

  public static final RestartBackoff PULLPIRI =
      new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(300));

  public RestartBackoff {
    if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "restart backoff needs 0 < first <= longest, got " + first + " and " + longest);
    }
    if (resetAfter.isNegative() || resetAfter.isZero()) {
      throw new IllegalArgumentException(
          "the time that resets the restart backoff must be positive, got " + resetAfter);
    }
  }

  /** Resets after {@link #RESET_AFTER}. */
  public RestartBackoff(Duration first, Duration longest) {
    this(first, longest, RESET_AFTER);
  }

  /** The wait before the restart that follows {@code restartsSoFar} restarts. */
  public Duration delay(int restartsSoFar) {
    // Past 2^20 the doubling only overflows; the cap is reached long before.
    int doublings = Math.min(Math.max(restartsSoFar, 0), 20);
    Duration doubled = first.multipliedBy(1L << doublings);
    return doubled.compareTo(longest) > 0 ? longest : doubled;
  }

  /** Whether a container that has run this long since its restart has its count reset. */
  public boolean resets(Duration ranFor) {
    return ranFor.compareTo(resetAfter) >= 0;
  }
}
