package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TIMPANI deadline misses as facts: matched by rules through windows, kept a while. */
class DeadlineMissTest {
  /** The example of the rule authoring guide: 3 misses within 10 s → a longer period. */
  private static final String LONGER_PERIOD =
      """
      package p;
      import java.util.Map;
      rule "three misses in ten seconds: a longer period"
      when
          $m : DeadlineMiss(task == "p1_0")
          Number(intValue >= 3) from accumulate(
              DeadlineMiss(task == $m.task, workload == $m.workload) over window:time(10s), count(1))
          not DeadlineMiss(task == $m.task, workload == $m.workload, this after $m)
      then
          actions.request("schedule", $m.getWorkload(), Map.of("task", $m.getTask(), "period", 20000));
      end
      """;

  private static final SampleBatch NONE = new SampleBatch();

  private static DeadlineMiss miss(long timeMillis, long count) {
    return new DeadlineMiss(
        "timpani_test", "perf_18proc_tc1", "p1_0", "HPC", 42, timeMillis * 1_000_000, 350, count);
  }

  @Test
  void threeMissesWithinTenSecondsRequestALongerPeriod() throws Exception {
    RuleBase rules = new RuleBaseBuilder().addDrl(new RuleSource("r.drl", LONGER_PERIOD)).build();
    try (Evaluator e = new Evaluator(rules, EvaluatorOptions.simulation())) {
      e.addDeadlineMiss(miss(1_000, 1));
      assertEquals(List.of(), e.step(1_000, NONE));
      e.addDeadlineMiss(miss(5_000, 2));
      assertEquals(List.of(), e.step(5_000, NONE));
      e.addDeadlineMiss(miss(20_000, 3));
      assertEquals(List.of(), e.step(20_000, NONE), "the first two are older than 10 s by now");
      e.addDeadlineMiss(miss(21_000, 4));
      e.addDeadlineMiss(miss(22_000, 5));
      List<DecidedAction> decided = e.step(22_000, NONE);
      assertEquals(1, decided.size(), decided.toString());
      assertEquals("schedule", decided.get(0).action());
      assertEquals("timpani_test", decided.get(0).target());
      assertEquals(Map.of("task", "p1_0", "period", 20000), decided.get(0).params());
      assertEquals(5, e.deadlineMisses().size(), "kept for the retention, longer than the window");
    }
  }
}
