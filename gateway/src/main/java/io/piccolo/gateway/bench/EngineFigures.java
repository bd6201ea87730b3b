package io.piccolo.gateway.bench;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.bench.LatencyRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same rules and samples offered straight to a live evaluator in this process, with the
 * server's batch latency and queue capacity: what the engine does without the gateway in front.
 */
final class EngineFigures {
  private final RuleBase ruleBase;
  private final BenchRules rules;
  private final Duration batchLatency;
  private final int capacity;

  EngineFigures(RuleBase ruleBase, BenchRules rules, Duration batchLatency, int capacity) {
    this.ruleBase = ruleBase;
    this.rules = rules;
    this.batchLatency = batchLatency;
    this.capacity = capacity;
  }

  /** Samples per second evaluated when {@code samples} are offered as fast as they are taken. */
  double throughput(long samples) throws Exception {
    try (LiveEvaluator evaluator = evaluator(round -> {})) {
      evaluator.startAndWait();
      long start = System.nanoTime();
      for (long k = 0; k < samples; k++) {
        int s = rules.scenarioOf(k);
        double value = rules.floodValue(k);
        while (!evaluator.offer(rules.path(s), value)) {
          Thread.onSpinWait();
        }
      }
      awaitEvaluated(evaluator, samples);
      return samples / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Offer-to-decision latency at {@code rate} samples/s, after a warm-up. */
  /** Latencies, and which rises went undecided (null when none did). */
  record Latency(LatencyRecorder recorder, String undecided) {}

  Latency latency(boolean spread, int rate, double warmUp, double seconds) throws Exception {
    Pulse pulse = new Pulse(rules, new PulseWave(rules, spread));
    try (LiveEvaluator evaluator = evaluator(round -> decided(pulse, round))) {
      evaluator.startAndWait();
      for (int s = 0; s < rules.scenarios(); s++) {
        evaluator.offer(rules.path(s), 0.0);
      }
      awaitEvaluated(evaluator, rules.scenarios());
      Pulse.Sender offer =
          (wave, from, to) -> {
            for (long k = from; k < to; k++) {
              evaluator.offer(rules.path(rules.scenarioOf(k)), (double) wave.value(k));
            }
          };
      long next = pulse.run(0, rate, warmUp, null, offer);
      LatencyRecorder recorder = new LatencyRecorder(ServeBench.capacityFor(rate, seconds));
      pulse.run(next, rate, seconds, recorder, offer);
      boolean complete = ServeBench.awaitMatched(pulse) && pulse.unmatched() == 0;
      return new Latency(recorder, complete ? null : pulse.matched() + " of " + pulse.expected());
    }
  }

  private static void decided(Pulse pulse, List<DecidedAction> round) {
    long now = System.nanoTime();
    for (DecidedAction d : round) {
      Object rise = d.params().get(BenchRules.RISE_PARAM);
      pulse.decided(d.scenario(), rise instanceof Number n ? n.longValue() : 0, now);
    }
  }

  private LiveEvaluator evaluator(LiveEvaluator.Listener listener) {
    return new LiveEvaluator(ruleBase, EvaluatorOptions.live(), batchLatency, capacity, listener);
  }

  private static void awaitEvaluated(LiveEvaluator evaluator, long samples) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (evaluator.snapshot().toCompletableFuture().get().signalsIn() < samples) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the evaluator did not evaluate every sample");
      }
      Thread.sleep(1); // polling a counter, not waiting for a fixed time
    }
  }
}
