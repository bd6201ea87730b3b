package io.piccolo.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.testing.SharedData;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import io.piccolo.simulator.trace.Trace;
import io.piccolo.simulator.trace.TraceReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

  private static Scenario fast(long forMillis) {
    return new Scenario(
        "extra-high-speed",
        "launch",
        "highway-assist",
        Map.of(),
        new Condition.Comparison("Vehicle.Speed", Op.GT, 120, forMillis, Origin.UNKNOWN),
        Trigger.EDGE,
        0,
        Origin.UNKNOWN);
  }

  @Test
  void theWltcDriveHoldsAbove120OnlyTwiceInItsExtraHighPhase() throws Exception {
    Trace wltc = TraceReader.read(SharedData.require("drive-cycles/wltc-class3b.csv"));
    RuleBase rb = new RuleBaseBuilder().addScenarios(List.of(fast(5_000))).build();
    Replay.Collected run = Replay.collect(rb, wltc, null, EvaluatorOptions.simulation());
    assertEquals(1801, run.result().signalsProcessed());
    // WLTC class 3b exceeds 120 km/h from 1572 s to 1584 s and from 1660 s to 1731 s
    assertEquals(
        List.of(1_577_000L, 1_665_000L),
        run.decisions().stream().map(DecidedAction::timeMillis).toList());
    assertEquals(1_800_000, run.result().endMillis());
  }

  @Test
  void untilEndsTheRunAndIgnoresLaterSamplesButFiresTimersDueExactlyThen() throws Exception {
    Trace t =
        TraceReader.readCsv("t.csv", "time,path,value\n0,Vehicle.Speed,130\n20,Vehicle.Speed,0\n");
    RuleBase rb = new RuleBaseBuilder().addScenarios(List.of(fast(10_000))).build();
    List<DecidedAction> atTen =
        Replay.collect(rb, t, 10_000L, EvaluatorOptions.simulation()).decisions();
    assertEquals(List.of(10_000L), atTen.stream().map(DecidedAction::timeMillis).toList());
    List<DecidedAction> beforeTen =
        Replay.collect(rb, t, 9_999L, EvaluatorOptions.simulation()).decisions();
    assertEquals(List.of(), beforeTen);
  }

  @Test
  void theRunEndsAtTheLastSampleSoLaterTimersDoNotFire() throws Exception {
    Trace t =
        TraceReader.readCsv(
            "t.csv", "time,path,value\n0,Vehicle.Speed,130\n9.999,Vehicle.Speed,131\n");
    RuleBase rb = new RuleBaseBuilder().addScenarios(List.of(fast(10_000))).build();
    assertEquals(List.of(), Replay.collect(rb, t, null, EvaluatorOptions.simulation()).decisions());
  }

  @Test
  void outputIsOneJsonLinePerDecision() {
    DecidedAction d =
        new DecidedAction(
            12_000,
            "video-on-play",
            "video-on-play",
            "launch",
            "video-player",
            Map.of(),
            io.piccolo.engine.fact.Decision.DENIED,
            "no video while moving",
            "vehicle is moving");
    assertEquals(
        "{\"time\":12.0,\"scenario\":\"video-on-play\",\"rule\":\"video-on-play\",\"action\":\"launch\","
            + "\"target\":\"video-player\",\"decision\":\"denied\",\"decided_by\":\"no video while moving\","
            + "\"reason\":\"vehicle is moving\"}",
        DecisionJson.line(d));
  }

  @Test
  void decisionTimesArePlainSecondsWhateverTheirSizeAndReplayTimesPrintAsBefore() {
    java.util.function.LongFunction<String> time =
        ms ->
            DecisionJson.line(
                    new DecidedAction(
                        ms,
                        "s",
                        "s",
                        "launch",
                        "t",
                        Map.of(),
                        io.piccolo.engine.fact.Decision.ALLOWED,
                        "default",
                        ""))
                .replaceFirst(",\"scenario\".*", "");
    assertEquals("{\"time\":0.0", time.apply(0));
    assertEquals("{\"time\":0.001", time.apply(1));
    assertEquals("{\"time\":12.5", time.apply(12_500));
    assertEquals("{\"time\":9999999.999", time.apply(9_999_999_999L));
    // on the real clock: epoch seconds, never 1.796119815683E9
    assertEquals("{\"time\":1796119815.683", time.apply(1_796_119_815_683L));
    assertEquals("{\"time\":1796119815.0", time.apply(1_796_119_815_000L));
    assertEquals("{\"time\":10000000.0", time.apply(10_000_000_000L));
  }
}
