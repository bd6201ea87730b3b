package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.RuleBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events that rules see only through sliding time windows are dropped by the evaluator once past
 * the expiry, without an expiry job (and a round) per event; every window still lets go of them on
 * its own time, in a round before that instant's samples.
 */
class WindowExpiryTest {
  /** Bound events: windows of Drools' own (the engine keeps only unbound ones, KeptWindows). */
  private static final String TWO_WINDOWS =
      "package p;\n"
          + "rule between when\n"
          + "  accumulate($s : SignalEvent(path == \"A\") over window:time(2s); $short : count($s);"
          + " $short == 0)\n"
          + "  accumulate($l : SignalEvent(path == \"A\") over window:time(10s); $long : count($l);"
          + " $long == 1)\n"
          + "then actions.update(\"between\"); end\n";

  @Test
  void anEventLeavesAShortWindowOnTimeWhileALongerOneStillHoldsIt() throws Exception {
    RuleBase rb = ruleBase(List.of(), TWO_WINDOWS);
    assertTrue(rb.engineDropsEvents());
    assertEquals(10_000, rb.eventExpiryMillis());
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      drive.at(0, "A", 1.0);
      for (long t = 500; t <= 12_000; t += 500) {
        drive.at(t, "B", 1.0);
      }
      assertEquals(List.of(2_000L), drive.firingTimes("between"));
      assertEquals(0, drive.evaluator.factCount());
    }
  }

  @Test
  void theWindowLetsGoBeforeTheSamplesOfItsInstant() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            "package p;\nrule empty when accumulate($e : SignalEvent(path == \"A\") over"
                + " window:time(1s); $n : count($e); $n == 0) then actions.update(\"empty\"); end\n");
    try (Fixtures.Drive drive = new Fixtures.Drive(rb)) {
      drive.at(0, "A", 1.0);
      drive.at(1_000, "A", 1.0); // the first leaves in a round of its own, then this one enters
      drive.at(2_500, "B", 1.0);
      assertEquals(List.of(1_000L, 2_000L), drive.firingTimes("empty"));
    }
  }

  @Test
  void eventsAPatternSeesWithoutAWindowAreLeftToDrools() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            TWO_WINDOWS
                + "rule seen when SignalEvent(path == \"A\", number > 5) then actions.update(\"seen\"); end\n");
    assertFalse(rb.engineDropsEvents());
  }

  @Test
  void anExpiryShorterThanAWindowIsLeftToDrools() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            TWO_WINDOWS.replace(
                "package p;\n", "package p;\ndeclare SignalEvent @role(event) @expires(1s) end\n"));
    assertFalse(rb.engineDropsEvents());
    assertEquals(1_001, rb.eventExpiryMillis()); // Drools keeps an event 1 ms past @expires
  }

  @Test
  void eventsARuleNamesInItsActionsAreLeftToDrools() throws Exception {
    RuleBase rb =
        ruleBase(
            List.of(),
            TWO_WINDOWS
                + "rule copy when Signal(path == \"C\") then insert(new SignalEvent(\"A\", 1.0, 0L)); end\n");
    assertFalse(rb.engineDropsEvents());
  }
}
