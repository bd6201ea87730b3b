package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.held;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.scenario.Op;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real-time evaluator: its own thread, batches, and timers that fire with no sample. */
class LiveEvaluatorTest {
  private final BlockingQueue<DecidedAction> decided = new LinkedBlockingQueue<>();

  @Test
  @Timeout(10)
  void samplesFromAnotherThreadAreDecidedOnTheEvaluatorsThread() throws Exception {
    String policy =
        "package p;\nrule \"no video while moving\" when $r : ActionRequest() Signal(path == \"Vehicle.Speed\", number > 0) then $r.deny(\"moving\"); end\n";
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(
                    List.of(
                        scenario(
                            "play",
                            when("Vehicle.Cabin.Infotainment.Media.Action", Op.EQ, "PLAY"))),
                    policy),
                EvaluatorOptions.live(),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                1000,
                decided::addAll)
            .startAndWait()) {
      assertTrue(live.offer("Vehicle.Speed", 20.0));
      assertTrue(live.offer("Vehicle.Cabin.Infotainment.Media.Action", "PLAY"));
      DecidedAction d = decided.poll(5, TimeUnit.SECONDS);
      assertNotNull(d, "no decision within 5 s");
      assertEquals(Decision.DENIED, d.decision());
      assertEquals("moving", d.reason());
      long now = System.currentTimeMillis();
      assertTrue(
          Math.abs(now - d.timeMillis()) < 5_000, "stamped on the real clock: " + d.timeMillis());
    }
  }

  @Test
  @Timeout(10)
  void aForConditionFiresWhenItsTimeComesWithoutANewSample() throws Exception {
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(List.of(scenario("fast", held("Vehicle.Speed", Op.GT, 120, 300)))),
                EvaluatorOptions.live(),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                1000,
                decided::addAll)
            .startAndWait()) {
      long start = System.nanoTime();
      live.offer("Vehicle.Speed", 130.0);
      assertNull(
          decided.poll(200, TimeUnit.MILLISECONDS), "fired before the condition held for 300 ms");
      DecidedAction d = decided.poll(5, TimeUnit.SECONDS);
      assertNotNull(d, "the timer never fired");
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(elapsedMs >= 300, "fired after " + elapsedMs + " ms");
      assertEquals("fast", d.scenario());
    }
  }

  @Test
  @Timeout(10)
  void aFullQueueRefusesAndCountsSamples() throws Exception {
    LiveEvaluator live =
        new LiveEvaluator(
            ruleBase(List.of(scenario("s", when("Vehicle.Speed", Op.GT, 1)))),
            EvaluatorOptions.live(),
            Duration.ofMillis(1),
            2,
            decided::addAll);
    try (live) {
      assertTrue(live.offer("Vehicle.Speed", 1.0));
      assertTrue(live.offer("Vehicle.Speed", 2.0));
      assertFalse(live.offer("Vehicle.Speed", 3.0), "not started: the queue holds two");
      assertEquals(1, live.dropped());
      live.start();
      assertNotNull(decided.poll(5, TimeUnit.SECONDS));
    }
  }

  private static final String THROWS_ABOVE_100 =
      "package p;\nrule \"breaks above 100\" when Signal(path == \"Vehicle.Speed\", number > 100)"
          + " then Integer.parseInt(\"not a number\"); end\n";

  @Test
  @Timeout(10)
  void aRuleThatThrowsIsReportedAndCountedAndTheNextBatchIsStillEvaluated() throws Exception {
    BlockingQueue<RuntimeException> failures = new LinkedBlockingQueue<>();
    LiveEvaluator.Listener listener =
        new LiveEvaluator.Listener() {
          @Override
          public void decided(List<DecidedAction> round) {
            decided.addAll(round);
          }

          @Override
          public void failed(RuntimeException failure) {
            failures.add(failure);
          }
        };
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(
                    List.of(scenario("doors", when("Vehicle.Body.Trunk.Rear.IsOpen", Op.EQ, true))),
                    THROWS_ABOVE_100),
                EvaluatorOptions.live(),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                1000,
                listener)
            .startAndWait()) {
      live.offer("Vehicle.Speed", 130.0);
      RuntimeException failure = failures.poll(5, TimeUnit.SECONDS);
      assertNotNull(failure, "the failing round was not reported");
      assertTrue(failure.getMessage().contains("rule 'breaks above 100'"), failure.getMessage());
      live.offer("Vehicle.Body.Trunk.Rear.IsOpen", true);
      DecidedAction d = decided.poll(5, TimeUnit.SECONDS);
      assertNotNull(d, "the evaluator stopped after the failure");
      assertEquals("doors", d.scenario());
      EngineStats.Snapshot stats = live.snapshot().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(1, stats.ruleFailures());
      assertEquals(2, stats.signalsIn());
    }
  }

  @Test
  @Timeout(10)
  void aDecisionListenerThatThrowsDoesNotStopTheEvaluator() throws Exception {
    BlockingQueue<RuntimeException> failures = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    LiveEvaluator.Listener listener =
        new LiveEvaluator.Listener() {
          @Override
          public void decided(List<DecidedAction> round) {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("subscriber gone");
            }
            decided.addAll(round);
          }

          @Override
          public void failed(RuntimeException failure) {
            failures.add(failure);
          }
        };
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(
                    List.of(
                        scenario("fast", when("Vehicle.Speed", Op.GT, 100)),
                        scenario("doors", when("Vehicle.Body.Trunk.Rear.IsOpen", Op.EQ, true)))),
                EvaluatorOptions.live(),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                1000,
                listener)
            .startAndWait()) {
      live.offer("Vehicle.Speed", 130.0);
      assertNotNull(failures.poll(5, TimeUnit.SECONDS));
      live.offer("Vehicle.Body.Trunk.Rear.IsOpen", true);
      DecidedAction d = decided.poll(5, TimeUnit.SECONDS);
      assertNotNull(d, "the evaluator stopped after the listener failed");
      assertEquals("doors", d.scenario());
    }
  }

  @Test
  @Timeout(20)
  void stoppingEvaluatesEverySampleAlreadyQueuedAndRefusesNewOnes() throws Exception {
    LiveEvaluator live =
        new LiveEvaluator(
            ruleBase(List.of(scenario("fast", when("Vehicle.Speed", Op.GT, 100)))),
            EvaluatorOptions.live(),
            Duration.ofMillis(1),
            200_000,
            decided::addAll);
    live.startAndWait();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      assertTrue(live.offer("Vehicle.Speed", (double) (i % 200)));
    }
    live.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertFalse(live.offer("Vehicle.Speed", 1.0), "a stopped evaluator takes no samples");
    EngineStats.Snapshot stats = live.snapshot().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(n, stats.signalsIn(), "every queued sample was evaluated before the stop");
    assertFalse(decided.isEmpty(), "the queued samples were evaluated, not only counted");
  }

  @Test
  @Timeout(10)
  void anIdleEvaluatorWaitsInsteadOfEvaluatingEmptyRounds() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(List.of(scenario("fast", when("Vehicle.Speed", Op.GT, 100)))),
                EvaluatorOptions.live().meters(meters),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                1000,
                decided::addAll)
            .startAndWait()) {
      long before = meters.timer(EngineStats.EVALUATION).count();
      org.awaitility.Awaitility.await("an idle evaluator runs (almost) no rounds")
          .pollInterval(Duration.ofMillis(20))
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> meters.timer(EngineStats.EVALUATION).count() - before < 10);
    }
  }

  @Test
  @Timeout(10)
  void aDrlTimerFiresOnTheRealClockWithoutANewSample() throws Exception {
    String timed =
        "package p;\nrule \"later\" timer (int: 300ms) when Signal(path == \"Vehicle.Speed\")"
            + " then actions.request(\"launch\", \"later\", Map.of()); end\n";
    try (LiveEvaluator live =
        new LiveEvaluator(
                ruleBase(List.of(), timed),
                EvaluatorOptions.live(),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                1000,
                decided::addAll)
            .startAndWait()) {
      long start = System.nanoTime();
      live.offer("Vehicle.Speed", 10.0);
      DecidedAction d = decided.poll(5, TimeUnit.SECONDS);
      assertNotNull(d, "the timer never fired");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ms >= 250 && ms < 2000, "fired after " + ms + " ms");
    }
  }
}
