package io.piccolo.gateway.bench;

import io.piccolo.simulator.bench.LatencyRecorder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends samples at a fixed rate, each tick's due samples in one message, and matches every decision
 * to the rise that caused it by the rise's number the decision carries: a rise never answered was
 * lost, a decision answering no rise waiting for one was made twice or unasked.
 */
final class Pulse {
  /** How often the sender looks whether samples are due. */
  private static final long TICK_NANOS = 250_000;

  /** Sends samples {@code [from, to)} of the wave, after their rises were noted. */
  interface Sender {
    void send(PulseWave wave, long from, long to);
  }

  private final BenchRules rules;
  private final PulseWave wave;

  /** Send times of the rises not answered yet, by scenario and rise number. */
  private final Map<Long, Long> waiting = new ConcurrentHashMap<>();

  private final AtomicLong expected = new AtomicLong();
  private final AtomicLong matched = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private volatile LatencyRecorder recorder;

  Pulse(BenchRules rules, PulseWave wave) {
    this.rules = rules;
    this.wave = wave;
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
          int rise = wave.riseOf(k);
          if (rise > 0) {
            waiting.put(key(rules.scenarioOf(k), rise), at);
            expected.incrementAndGet();
          }
        }
        sender.send(wave, from, to);
        sent = due;
      }
      LockSupport.parkNanos(TICK_NANOS);
    }
    return first + sent;
  }

  /** A decision of {@code scenario} for rise number {@code rise}, received at {@code nanos}. */
  void decided(String scenario, long rise, long nanos) {
    if (!scenario.startsWith(BenchRules.SCENARIO_PREFIX)) {
      return;
    }
    int i = Integer.parseInt(scenario.substring(BenchRules.SCENARIO_PREFIX.length()));
    Long sentAt = waiting.remove(key(i, rise));
    if (sentAt == null) {
      unmatched.incrementAndGet();
      return;
    }
    matched.incrementAndGet();
    LatencyRecorder into = recorder;
    if (into != null) {
      into.record(nanos - sentAt);
    }
  }

  private static long key(int scenario, long rise) {
    return ((long) scenario << 32) | rise;
  }

  long expected() {
    return expected.get();
  }

  long matched() {
    return matched.get();
  }

  /** Decisions that answered no rise waiting for one: made twice, or by no rise sent. */
  long unmatched() {
    return unmatched.get();
  }
}
