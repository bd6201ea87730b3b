package io.piccolo.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PulseWaveTest {
  private static final BenchRules RULES = new BenchRules(10);
  private static final int PERIOD = BenchRules.PULSE_PERIOD;

  @Test
  void spreadWavesRiseAtEvenlySpacedRoundsAndCarryTheirRiseNumbers() {
    PulseWave wave = new PulseWave(RULES, true);
    TreeSet<Long> riseRounds = new TreeSet<>();
    List<Integer> risesOfPathThree = new ArrayList<>();
    long samples = 3L * PERIOD * RULES.scenarios();
    for (long k = 0; k < samples; k++) {
      int rise = wave.riseOf(k);
      if (rise > 0) {
        riseRounds.add(k / RULES.scenarios());
        assertEquals(rise, wave.value(k), "a rise carries its number as the value");
        assertEquals(0, wave.value(k - RULES.scenarios()), "the update before a rise is low");
        if (RULES.scenarioOf(k) == 3) {
          risesOfPathThree.add(rise);
        }
      }
    }
    // ten paths over a period of 100 rounds: a rise every 10 rounds, never two in one round
    assertEquals(List.of(0L, 10L, 20L, 30L), List.copyOf(riseRounds.headSet(40L)));
    assertEquals(List.of(1, 2, 3), risesOfPathThree.subList(0, 3));
  }

  @Test
  void wavesTogetherRiseInTheSameRound() {
    PulseWave wave = new PulseWave(RULES, false);
    for (int path = 0; path < RULES.scenarios(); path++) {
      assertEquals(1, wave.riseOf(path));
      assertEquals(2, wave.riseOf((long) PERIOD * RULES.scenarios() + path));
    }
    assertTrue(wave.value(PERIOD / 2L * RULES.scenarios()) == 0, "low for the second half");
  }
}
