package io.piccolo.simulator.bench;

import io.piccolo.connectors.store.QueuedStateWriter;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoreFacts;
import io.piccolo.connectors.store.Transition;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.state.ResourceKind;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code piccolo bench store}: how fast scenario state transitions are written (each one a
 * compare-and-set), and how long a state written to the store takes to become a fact a rule fires
 * on in a running evaluator (watch, hand-over, round).
 */
public final class StoreBench {
  private static final String SEEN_RULE =
      """
      package bench;
      rule "seen"
      when
          $s : PackageState()
      then
          actions.request("seen", $s.getName() + "=" + $s.getState(), java.util.Map.of());
      end
      """;

  private final StateStore store;
  private final String storeName;
  private final int transitions;
  private final PrintWriter out;

  public StoreBench(StateStore store, String storeName, int transitions, PrintWriter out) {
    if (transitions < 10) {
      throw new IllegalArgumentException("--transitions must be at least 10");
    }
    this.store = store;
    this.storeName = storeName;
    this.transitions = transitions;
    this.out = out;
  }

  public void run() throws Exception {
    double perSecond = transitionsPerSecond();
    double drainedPerSecond = drainedPerSecond();
    LatencyRecorder watch = watchToFact();
    out.printf(Locale.ROOT, "store: %s%n", storeName);
    out.printf(
        Locale.ROOT,
        "scenario state transitions (compare-and-set, one writer): %.0f/s over %d%n",
        perSecond,
        transitions);
    out.printf(
        Locale.ROOT,
        "scenario state transitions queued, then drained in batches (%d scenarios): %.0f/s over"
            + " %d%n",
        SCENARIOS,
        drainedPerSecond,
        transitions);
    out.printf(
        Locale.ROOT,
        "state written -> fact fired on in a running evaluator: p50 %.2f ms, p99 %.2f ms over %d%n",
        watch.percentileMicros(50) / 1000,
        watch.percentileMicros(99) / 1000,
        transitions / 10);
    out.printf(
        Locale.ROOT,
        "{\"store\": \"%s\", \"transitions_per_s\": %.0f, \"drained_per_s\": %.0f,"
            + " \"watch_to_fact_p50_ms\": %.3f, \"watch_to_fact_p99_ms\": %.3f}%n",
        storeName,
        perSecond,
        drainedPerSecond,
        watch.percentileMicros(50) / 1000,
        watch.percentileMicros(99) / 1000);
    out.flush();
  }

  /** Scenarios written to, as many as a busy simulation has. */
  private static final int SCENARIOS = 10;

  private static final String[] CYCLE = {"satisfied", "allowed", "completed"};

  /** Every bench scenario back to waiting, from whatever an earlier run left. */
  private void resetScenarios() throws StoreException {
    for (int s = 0; s < SCENARIOS; s++) {
      String current = store.state(ResourceKind.SCENARIO, "bench-" + s).orElse(null);
      if (current != null && !current.equals("idle")) {
        store.transition(ResourceKind.SCENARIO, "bench-" + s, current, "idle");
        current = "idle";
      }
      store.transition(ResourceKind.SCENARIO, "bench-" + s, current, "waiting");
    }
  }

  /**
   * The same cycle queued all at once in a {@link QueuedStateWriter}, as a simulation's end does:
   * how fast the backlog drains.
   */
  private double drainedPerSecond() throws Exception {
    resetScenarios();
    List<String> refused = new ArrayList<>();
    try (QueuedStateWriter writer = new QueuedStateWriter(store, refused::add)) {
      String[] state = new String[SCENARIOS];
      java.util.Arrays.fill(state, "waiting");
      long start = System.nanoTime();
      for (int i = 0; i < transitions; i++) {
        int s = i % SCENARIOS;
        String next = CYCLE[(i / SCENARIOS) % CYCLE.length];
        writer.submit(ResourceKind.SCENARIO, "bench-" + s, state[s], next);
        state[s] = next;
      }
      if (!writer.awaitWritten(Duration.ofSeconds(30))) {
        throw new StoreException("the store accepted no write for 30 s");
      }
      double perSecond = transitions * 1e9 / (System.nanoTime() - start);
      if (!refused.isEmpty() || writer.applied() != transitions) {
        throw new StoreException("bench transitions refused: " + refused);
      }
      return perSecond;
    }
  }

  /** Cycles scenarios through satisfied, allowed, completed, as firings do. */
  private double transitionsPerSecond() throws StoreException {
    String[] cycle = CYCLE;
    int scenarios = SCENARIOS;
    resetScenarios();
    String[] state = new String[scenarios];
    java.util.Arrays.fill(state, "waiting");
    int[] step = new int[scenarios];
    long start = System.nanoTime();
    for (int i = 0; i < transitions; i++) {
      int s = i % scenarios;
      String next = cycle[step[s] % cycle.length];
      Transition t = store.transition(ResourceKind.SCENARIO, "bench-" + s, state[s], next);
      if (!t.applied()) {
        throw new StoreException("bench transition failed: " + t.reason());
      }
      state[s] = next;
      step[s]++;
    }
    return transitions * 1e9 / (System.nanoTime() - start);
  }

  /** Alternates a package between running and paused; each write must reach a rule. */
  private LatencyRecorder watchToFact() throws Exception {
    int samples = transitions / 10;
    LatencyRecorder latency = new LatencyRecorder(samples);
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    try (LiveEvaluator live =
            new LiveEvaluator(
                    new RuleBaseBuilder().addDrl(new RuleSource("bench.drl", SEEN_RULE)).build(),
                    EvaluatorOptions.live(),
                    LiveEvaluator.DEFAULT_BATCH_LATENCY,
                    1000,
                    round -> round.forEach(d -> seenAt(d, seen)))
                .startAndWait();
        StateStore.Watch facts = StoreFacts.follow(store, live::replaceFacts)) {
      String current = store.state(ResourceKind.PACKAGE, "bench-pkg").orElse(null);
      for (int i = 0; i < samples + 5; i++) {
        String next = "running".equals(current) ? "paused" : "running";
        seen.clear();
        long written = System.nanoTime();
        Transition t = store.transition(ResourceKind.PACKAGE, "bench-pkg", current, next);
        if (!t.applied()) {
          throw new StoreException("bench transition failed: " + t.reason());
        }
        current = next;
        long firedAt = awaitSeen(seen, "bench-pkg=" + next);
        if (i >= 5) { // the first ones warm the path up
          latency.record(firedAt - written);
        }
      }
    }
    return latency;
  }

  private record Seen(String what, long atNanos) {}

  private static void seenAt(DecidedAction d, BlockingQueue<Seen> seen) {
    if (d.action().equals("seen")) {
      seen.add(new Seen(d.target(), System.nanoTime()));
    }
  }

  /** When the rule saw exactly this state; earlier notices (an initial listing) do not count. */
  private static long awaitSeen(BlockingQueue<Seen> seen, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      Seen s = seen.poll(left, TimeUnit.NANOSECONDS);
      if (s != null && s.what().equals(what)) {
        return s.atNanos();
      }
    }
    throw new StoreException("the state " + what + " never reached the evaluator within 10 s");
  }
}
