package io.piccolo.adapters.container;

import java.time.Duration;

/**
 * How long to wait before a Model's next restart: {@code min(first · 2ⁿ, longest)} after n
 * restarts, Pullpiri's (and Kubernetes') 10 s doubling to at most 300 s by default.
 */
public record RestartBackoff(Duration first, Duration longest) {
  public static final RestartBackoff PULLPIRI =
      new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(300));

  public RestartBackoff {
    if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "restart backoff needs 0 < first <= longest, got " + first + " and " + longest);
    }
  }

  /** The wait before the restart that follows {@code restartsSoFar} restarts. */
  public Duration delay(int restartsSoFar) {
    // Past 2^20 the doubling only overflows; the cap is reached long before.
    int doublings = Math.min(Math.max(restartsSoFar, 0), 20);
    Duration doubled = first.multipliedBy(1L << doublings);
    return doubled.compareTo(longest) > 0 ? longest : doubled;
  }
}
