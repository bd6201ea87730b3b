package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.rulebase.KeptWindow;
import io.piccolo.engine.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Accumulates of {@code average}, {@code sum} and {@code count} over {@code window:time} are kept
 * by the engine ({@code WindowValue} facts), and decide exactly what Drools' own accumulates decide
 * on the same samples: the same rules with the event bound ({@code $e : SignalEvent(...)}), which
 * the engine leaves to Drools, are the reference.
 */
class KeptWindowsTest {
  private static final String RULES =
      """
      package p;
      declare High end

      rule "avg high" when
        accumulate({E1}SignalEvent(path == "A", $x : number) over window:time(2s);
                   $a : average($x); $a > 5)
      then actions.request("update", "avg-high", java.util.Map.of("average", $a)); end

      rule "sum on" when
        not High()
        accumulate({E2}SignalEvent(path == "B", $x : number) over window:time(5s);
                   $s : sum($x); $s >= 20)
      then insert(new High()); actions.launch("sum-high"); end

      rule "sum off" when
        $h : High()
        accumulate({E3}SignalEvent(path == "B", $x : number) over window:time(5s);
                   $s : sum($x); $s < 10)
      then delete($h); actions.terminate("sum-high"); end

      rule "count with a signal" when
        Signal(path == "C", number > 2)
        accumulate({E4}SignalEvent(path == "A") over window:time(1500ms); $n : count(1); $n >= 3)
      then actions.request("update", "busy", java.util.Map.of("count", $n)); end

      rule "quiet" when
        accumulate({E5}SignalEvent(path == "A") over window:time(1s); $n : count(1); $n == 0)
      then actions.update("quiet"); end
      """;

  private static String kept() {
    return RULES.replaceAll("\\{E\\d}", "");
  }

  private static String inDrools() {
    return RULES.replaceAll("\\{E(\\d)}", "\\$e$1 : ");
  }

  @Test
  void theAccumulatesOfTheseFormsAreKeptByTheEngine() throws Exception {
    RuleBase rb = ruleBase(List.of(), kept());
    assertEquals(
        List.of(
            new KeptWindow("A", "average", 2_000),
            new KeptWindow("B", "sum", 5_000),
            new KeptWindow("A", "count", 1_500),
            new KeptWindow("A", "count", 1_000)),
        rb.keptWindows());
    assertTrue(rb.signalEvents().isNone(), "no SignalEvent enters the session");
    RuleBase reference = ruleBase(List.of(), inDrools());
    assertEquals(List.of(), reference.keptWindows());
  }

  @Test
  void keptWindowsDecideWhatDroolsDecidesOnRandomDrives() throws Exception {
    RuleBase kept = ruleBase(List.of(), kept());
    RuleBase reference = ruleBase(List.of(), inDrools());
    for (long seed = 1; seed <= 25; seed++) {
      List<String> expected = drive(reference, seed);
      List<String> got = drive(kept, seed);
      assertFalse(expected.isEmpty());
      assertEquals(expected, got, "seed " + seed);
    }
  }

  /**
   * Samples of A, B and C at uneven instants, some several in one instant, some late (a time of
   * their own before the clock's); values in halves, so every sum is exact in either order.
   */
  private static List<String> drive(RuleBase rb, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    try (Evaluator evaluator = new Evaluator(rb, EvaluatorOptions.simulation())) {
      long t = 0;
      for (int step = 0; step < 400; step++) {
        t += 50L * random.nextInt(15);
        SampleBatch batch = new SampleBatch();
        int samples = 1 + random.nextInt(3);
        for (int i = 0; i < samples; i++) {
          String path = List.of("A", "A", "B", "C").get(random.nextInt(4));
          double value = random.nextInt(21) * 0.5;
          if (random.nextInt(10) == 0) {
            batch.add(path, value, Math.max(0, t - random.nextInt(3_000)));
          } else {
            batch.add(path, value);
          }
        }
        evaluator.step(t, batch).forEach(d -> out.add(d.toString()));
      }
      evaluator.runTimersThrough(t + 10_000).forEach(d -> out.add(d.toString()));
    }
    return out;
  }

  @Test
  void aTextSampleMakesTheAverageNaNOnlyWhileItIsInside() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            "package p;\nrule high when accumulate(SignalEvent(path == \"A\", $x : number) over"
                + " window:time(1s); $a : average($x); $a > 5) then actions.update(\"high\"); end\n");
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      drive.at(0, "A", 8.0);
      drive.at(200, "A", "unknown");
      drive.at(400, "A", 9.0);
      drive.at(1_300, "A", 7.0);
      // NaN from 200 (with "unknown" inside); at 1,200 it leaves: 9, then 9 and 7 at 1,300
      assertEquals(List.of(0L, 1_200L, 1_300L), drive.firingTimes("high"));
    }
  }

  @Test
  void aReloadCarriesTheSamplesInsideAKeptWindow() throws Exception {
    String drl =
        "package p;\nrule three when accumulate(SignalEvent(path == \"A\") over"
            + " window:time(10s); $n : count(1); $n == 3) then actions.update(\"three\"); end\n";
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(), drl))) {
      drive.at(0, "A", 1.0);
      drive.at(1_000, "A", 1.0);
      Evaluator next =
          drive
              .evaluator
              .replaceRules(ruleBase(List.of(), drl + "// saved again\n"), List.of())
              .evaluator();
      try (Fixtures.Drive after = new Fixtures.Drive(next)) {
        after.at(2_000, "A", 1.0);
        assertEquals(List.of(2_000L), after.firingTimes("three"));
        assertEquals(
            0, next.session().getObjects(o -> o instanceof SignalEvent).size(), "no event held");
      }
    }
  }
}
