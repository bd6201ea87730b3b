package io.piccolo.adapters.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.piccolo.adapters.Executor;
import io.piccolo.engine.fact.ActionResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The dispatcher's meters, each executor's and node's registered at zero when the dispatcher is
 * made, so a dashboard shows them before the first action.
 */
final class DispatchMeters {
  static final String DURATION = "piccolo.action.duration";
  static final String IN_FLIGHT = "piccolo.action.inflight";
  static final String RETRIES = "piccolo.action.retries";
  static final String BREAKER = "piccolo.action.breaker";

  /** Work that failed before reaching an executor (an action no executor takes). */
  static final String NO_EXECUTOR = "none";

  private final MeterRegistry meters;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Boolean> breakers = new ConcurrentHashMap<>();

  DispatchMeters(MeterRegistry meters, Routes routes) {
    this.meters = meters;
    for (Executor e : routes.all()) {
      java.util.Set<String> actions = new java.util.TreeSet<>(e.actions());
      if (e instanceof io.piccolo.adapters.WarmStart) {
        actions.add(Resolver.PREPARE);
      }
      for (String action : actions) {
        timer(e.name(), action, ActionResult.SUCCEEDED);
        timer(e.name(), action, ActionResult.FAILED);
      }
      inFlight(e.name());
      retries(e.name());
    }
  }

  void breaker(String node, Supplier<Breaker.State> state) {
    breakers.computeIfAbsent(
        node,
        n -> {
          Gauge.builder(BREAKER, () -> state.get().gauge)
              .description("a node's circuit: 0 closed, 1 half-open (probing), 2 open")
              .tag("node", n)
              .register(meters);
          return true;
        });
  }

  void finished(String executor, String action, String outcome, Duration took) {
    timer(executor, action, outcome).record(took);
  }

  AtomicInteger inFlight(String executor) {
    return inFlight.computeIfAbsent(
        executor,
        name -> {
          AtomicInteger n = new AtomicInteger();
          Gauge.builder(IN_FLIGHT, n, AtomicInteger::get)
              .description("units of work an executor is carrying out (retries included)")
              .tag("executor", name)
              .register(meters);
          return n;
        });
  }

  Counter retries(String executor) {
    return retries.computeIfAbsent(
        executor,
        name ->
            Counter.builder(RETRIES)
                .description("calls to an executor tried again after a transient failure")
                .tag("executor", name)
                .register(meters));
  }

  private Timer timer(String executor, String action, String outcome) {
    return Timer.builder(DURATION)
        .description("how long a unit of work took, from the first attempt to its result")
        .tags("executor", executor, "action", action, "outcome", outcome)
        .register(meters);
  }
}
