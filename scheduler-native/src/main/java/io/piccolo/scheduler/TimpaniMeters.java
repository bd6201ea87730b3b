package io.piccolo.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The executor's meters: {@code piccolo.timpani.jitter} (release latency of each job, as libtimpani
 * measured it: {@code piccolo_timpani_jitter_seconds}) and {@code piccolo.timpani.deadline.misses}
 * ({@code piccolo_timpani_deadline_misses_total}), by workload and task; {@code
 * piccolo.timpani.policy.actions} ({@code piccolo_timpani_policy_actions_total}), by workload and
 * strategy: each time a Policy stopped, restarted or degraded a workload after its misses.
 */
final class TimpaniMeters {
  static final String JITTER = "piccolo.timpani.jitter";
  static final String MISSES = "piccolo.timpani.deadline.misses";
  static final String ACTIONS = "piccolo.timpani.policy.actions";

  private final MeterRegistry registry;

  TimpaniMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void jitter(String workload, String task, long nanos) {
    Timer.builder(JITTER)
        .description("release latency of TIMPANI periodic tasks")
        .tags("workload", workload, "task", task)
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(Duration.ofNanos(Math.max(0, nanos)));
  }

  void missed(String workload, String task, long count) {
    Counter.builder(MISSES)
        .description("deadline misses of TIMPANI periodic tasks")
        .tags("workload", workload, "task", task)
        .register(registry)
        .increment(count);
  }

  void acted(String workload, String strategy) {
    Counter.builder(ACTIONS)
        .description("Policy strategies carried out after deadline misses")
        .tags("workload", workload, "strategy", strategy)
        .register(registry)
        .increment();
  }
}
