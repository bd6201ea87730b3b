package io.piccolo.gateway.bench;

import io.piccolo.simulator.bench.LatencyRecorder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends samples at a fixed rate, each tick's due samples in one message, and matches every decision
 * to the rise that caused it: scenario i decides once per rise of its signal, and its rises are far
 * apart (hundreds of milliseconds), so a decision answers the latest rise of its signal; older
 * rises still unanswered then were lost.
 */
final class Pulse {
  /** How often the sender looks whether samples are due. */
  private static final long TICK_NANOS = 250_000;

  /** Sends samples {@code [from, to)}, after their rises were noted. */
  interface Sender {
    void send(long from, long to);
  }

  private final BenchRules rules;
  private final java.util.Deque<Long>[] rises;
  private final AtomicLong expected = new AtomicLong();
  private final AtomicLong matched = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private volatile LatencyRecorder recorder;

  @SuppressWarnings("unchecked")
  Pulse(BenchRules rules) {
    this.rules = rules;
    this.rises = new java.util.Deque[rules.scenarios()];
    for (int i = 0; i < rises.length; i++) {
      rises[i] = new java.util.concurrent.ConcurrentLinkedDeque<>();
    }
  }

  /**
   * Sends at {@code rate} samples/s for {@code seconds}, starting at sample {@code first};
   * decisions arriving meanwhile go to {@code recorder} (null: warm-up, not recorded). The next
   * sample.
   */
  long run(long first, int rate, double seconds, LatencyRecorder recorder, Sender sender) {
    this.recorder = recorder;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long sent = 0;
    for (long now = start; now < end; now = System.nanoTime()) {
      long due = (long) ((now - start) * (rate / 1e9));
      if (due > sent) {
        long from = first + sent;
        long to = first + due;
        long at = System.nanoTime();
        for (long k = from; k < to; k++) {
          if (rules.isRise(k)) {
            rises[rules.scenarioOf(k)].add(at);
            expected.incrementAndGet();
          }
        }
        sender.send(from, to);
        sent = due;
      }
      LockSupport.parkNanos(TICK_NANOS);
    }
    return first + sent;
  }

  /** A decision of {@code scenario} received at {@code nanos}. */
  void decided(String scenario, long nanos) {
    if (!scenario.startsWith(BenchRules.SCENARIO_PREFIX)) {
      return;
    }
    int i = Integer.parseInt(scenario.substring(BenchRules.SCENARIO_PREFIX.length()));
    Long sentAt = i < rises.length ? rises[i].pollLast() : null;
    if (sentAt == null) {
      unmatched.incrementAndGet();
      return;
    }
    for (Long older = rises[i].pollFirst(); older != null; older = rises[i].pollFirst()) {
      lost.incrementAndGet();
    }
    matched.incrementAndGet();
    LatencyRecorder into = recorder;
    if (into != null) {
      into.record(nanos - sentAt);
    }
  }

  long expected() {
    return expected.get();
  }

  long matched() {
    return matched.get();
  }

  /** Rises no decision answered: a later rise of the same signal was decided first. */
  long lost() {
    return lost.get();
  }

  /** Decisions that answered no rise: the pattern and the server disagree. */
  long unmatched() {
    return unmatched.get();
  }
}
