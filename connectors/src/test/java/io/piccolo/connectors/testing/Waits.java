package io.piccolo.connectors.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** Every wait of the tests, in one place: bounded, polled, and named for the failure message. */
public final class Waits {
  private static final Duration POLL = Duration.ofMillis(20);

  private Waits() {}

  /** Waits until {@code condition} holds, at most {@code atMost}. */
  public static void until(String what, Duration atMost, Callable<Boolean> condition) {
    Awaitility.await(what).pollInterval(POLL).atMost(atMost).until(condition);
  }

  /**
   * Checks that {@code condition} holds throughout {@code period}: "nothing happened" is shown by
   * watching for it, not by sleeping and looking once.
   */
  public static void holdsFor(String what, Duration period, Callable<Boolean> condition) {
    Awaitility.await(what)
        .pollInterval(POLL)
        .during(period)
        .atMost(period.plusSeconds(5))
        .until(condition);
  }
}
