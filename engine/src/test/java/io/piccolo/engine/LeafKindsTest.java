package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.TestKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leaf kinds beyond {@code signal op value}: edges, before the first sample, timers, swaps. */
class LeafKindsTest {
  private static final String A = "Vehicle.A";
  private static final String B = "Vehicle.B";

  private static Condition test(String path, TestKind kind) {
    return new Condition.Test(path, kind, 0, Origin.UNKNOWN, Origin.UNKNOWN);
  }

  private static Fixtures.Drive drive(Scenario... s) throws Exception {
    return new Fixtures.Drive(ruleBase(List.of(s)));
  }

  @Test
  void twoSignalsAreFalseUntilBothHaveASampleThenEitherReEvaluates() throws Exception {
    try (var d = drive(scenario("ab", test(A, new TestKind.Versus(Op.GT, B))))) {
      d.at(0, A, 10.0);
      d.at(1_000, A, 11.0);
      d.at(2_000, B, 20.0);
      d.at(3_000, A, 21.0); // A's sample
      d.at(4_000, B, 30.0); // B's sample turns it false
      d.at(5_000, B, 1.0); // and B's sample true again
      assertEquals(List.of(3_000L, 5_000L), d.firingTimes("ab"));
    }
  }

  @Test
  void betweenIncludesBothBounds() throws Exception {
    try (var d = drive(scenario("band", test(A, new TestKind.Between(10, 20))))) {
      d.at(0, A, 9.999);
      d.at(1_000, A, 10.0);
      d.at(2_000, A, 20.001);
      d.at(3_000, A, 20.0);
      d.at(4_000, A, "ten");
      d.at(5_000, A, 15.0);
      assertEquals(List.of(1_000L, 3_000L, 5_000L), d.firingTimes("band"));
    }
  }

  @Test
  void inComparesEachValueAsEqDoes() throws Exception {
    var in = new TestKind.In(List.of("PARK", 2.0));
    try (var d = drive(scenario("in", test(A, in)))) {
      d.at(0, A, "park");
      d.at(1_000, A, "DRIVE");
      d.at(2_000, A, "2");
      d.at(3_000, A, 3.0);
      assertEquals(List.of(0L, 2_000L), d.firingTimes("in"));
    }
  }

  @Test
  void matchesTheWholeTextAndContainsIgnoresCase() throws Exception {
    try (var d =
        drive(
            scenario("re", test(A, new TestKind.Matches("E[0-9]+"))),
            scenario("has", test(B, new TestKind.Contains("fault"))))) {
      d.at(0, A, "xE12", B, "ok");
      d.at(1_000, A, "E12", B, "Sensor FAULT 3");
      assertEquals(List.of(1_000L), d.firingTimes("re"));
      assertEquals(List.of(1_000L), d.firingTimes("has"));
    }
  }

  @Test
  void staleCountsFromTheStartOfTheRunAndRestartsAtEverySample() throws Exception {
    try (var d = drive(scenario("quiet", test(A, new TestKind.Stale(5_000))))) {
      d.until(4_999);
      assertEquals(List.of(), d.firingTimes("quiet"));
      d.until(5_000); // no sample yet: stale from the start of the run
      d.at(6_000, A, 1.0);
      d.at(9_000, A, 1.0); // the same value still restarts the timer
      d.until(13_999);
      d.until(20_000);
      assertEquals(List.of(5_000L, 14_000L), d.firingTimes("quiet"));
    }
  }

  @Test
  void aStaleTimerDueExactlyAtASampleFiresFirst() throws Exception {
    try (var d = drive(scenario("quiet", test(A, new TestKind.Stale(5_000))))) {
      d.at(0, A, 1.0);
      d.at(5_000, A, 1.0);
      d.at(9_999, A, 1.0);
      assertEquals(List.of(5_000L), d.firingTimes("quiet"));
    }
  }

  @Test
  void knownIsFalseBeforeTheFirstSampleAndNotKnownTrue() throws Exception {
    try (var d =
        drive(
            scenario("heard", test(A, new TestKind.Known(true))),
            scenario("silent", test(A, new TestKind.Known(false))))) {
      d.at(1_000, B, 0.0); // true from the start: fires at 0, as one without condition does
      assertEquals(List.of(0L), d.firingTimes("silent"));
      assertEquals(List.of(), d.firingTimes("heard"));
      d.at(2_000, A, 0.0);
      assertEquals(List.of(2_000L), d.firingTimes("heard"));
    }
  }

  @Test
  void rateIsTheChangePerDurationBetweenTheLastTwoSamples() throws Exception {
    var rising = new TestKind.Rate(Op.GT, 3, 1_000);
    try (var d = drive(scenario("rising", test(A, rising)))) {
      d.at(0, A, 100.0); // one sample: no rate yet
      d.at(2_000, A, 106.0); // 3 per s: not above 3
      d.at(2_500, A, 108.0); // 4 per s
      d.at(4_500, A, 109.0); // 0.5 per s
      d.at(5_000, A, 111.0); // 4 per s again
      assertEquals(List.of(2_500L, 5_000L), d.firingTimes("rising"));
    }
  }

  @Test
  void rearmHoldsUntilTheValueReachesTheRearmLevel() throws Exception {
    try (var d =
        drive(
            scenario("hot", test(A, new TestKind.Rearm(Op.GT, 80, 75))),
            scenario("low", test(B, new TestKind.Rearm(Op.LT, 20, 25))))) {
      d.at(0, A, 80.0, B, 20.0); // not above 80, not below 20
      d.at(1_000, A, 80.5, B, 19.0);
      d.at(2_000, A, 75.1, B, 24.9); // still true: above 75, below 25
      d.at(3_000, A, 75.0, B, 25.0); // at the rearm level: false
      d.at(4_000, A, 79.0, B, 21.0); // below the threshold again: stays false
      d.at(5_000, A, 81.0, B, 10.0);
      assertEquals(List.of(1_000L, 5_000L), d.firingTimes("hot"));
      assertEquals(List.of(1_000L, 5_000L), d.firingTimes("low"));
    }
  }

  @Test
  void aSwapKeepsTheStaleTimerAndTheRateMemoryOfUnchangedScenarios() throws Exception {
    var quiet = scenario("quiet", test(A, new TestKind.Stale(5_000)));
    var rising = scenario("rising", test(B, new TestKind.Rate(Op.GT, 3, 1_000)));
    try (var d = drive(quiet, rising)) {
      d.at(0, A, 1.0, B, 100.0);
      d.at(3_000);
      d.evaluator.replaceScenarios(List.of(quiet, rising));
      d.at(4_000, B, 120.0); // 5 per s from the sample before the swap
      d.until(10_000);
      assertEquals(List.of(5_000L), d.firingTimes("quiet"), "the timer started at 0 carried on");
      assertEquals(List.of(4_000L), d.firingTimes("rising"));
    }
  }
}
