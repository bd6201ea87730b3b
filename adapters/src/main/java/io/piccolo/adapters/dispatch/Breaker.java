package io.piccolo.adapters.dispatch;

import java.time.Duration;

/**
 * One node's circuit: after enough transient failures in a row it opens, and work for the node
 * fails at once with the reason instead of waiting on a runtime that is away; once the open time
 * has passed, one unit may probe, and its outcome closes or opens the circuit again. An answer that
 * is a failure of its own (an image the runtime does not have) shows the runtime is there, so it
 * closes the circuit too.
 */
final class Breaker {
  enum State {
    CLOSED(0),
    HALF_OPEN(1),
    OPEN(2);

    /** As the breaker gauge reports it. */
    final int gauge;

    State(int gauge) {
      this.gauge = gauge;
    }
  }

  private final String node;
  private final int threshold;
  private final long openForNanos;
  private State state = State.CLOSED;
  private int failures;
  private long openUntil;
  private String lastFailure;

  Breaker(String node, int threshold, Duration openFor) {
    this.node = node;
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
  }

  /** Why work may not go to the node now, or null when it may (possibly as the probe). */
  synchronized String refusal(long nowNanos) {
    switch (state) {
      case CLOSED:
        return null;
      case OPEN:
        if (nowNanos - openUntil >= 0) {
          state = State.HALF_OPEN; // this unit is the probe
          return null;
        }
        return "the runtime of "
            + nodeName()
            + " is unavailable: its circuit opened after "
            + threshold
            + " failure(s) in a row (last: "
            + lastFailure
            + "); the next try goes through in "
            + Math.max(1, (openUntil - nowNanos) / 1_000_000)
            + " ms";
      default:
        return "the runtime of "
            + nodeName()
            + " is being probed after failures (last: "
            + lastFailure
            + ")";
    }
  }

  synchronized void succeeded() {
    state = State.CLOSED;
    failures = 0;
  }

  synchronized void failed(String reason, long nowNanos) {
    lastFailure = reason;
    failures++;
    if (state == State.HALF_OPEN || failures >= threshold) {
      state = State.OPEN;
      openUntil = nowNanos + openForNanos;
    }
  }

  synchronized State state() {
    return state;
  }

  private String nodeName() {
    return node.isEmpty() ? "the default node" : "node " + node;
  }
}
