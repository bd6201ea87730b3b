package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.fact.Decision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ordering a round's decisions by rank gives the comparator's order, ties and all. */
class DecisionOrderTest {
  private static final List<String> NAMES = List.of("b-rule", "a-rule", "c-rule", "a-rule-2");

  @Test
  void aRoundsDecisionsComeOutInTheComparatorsOrder() {
    List<DecidedAction> round = new ArrayList<>();
    for (String scenario : NAMES) {
      round.add(decided(1_000, scenario, "update", "t2"));
      round.add(decided(1_000, scenario, "launch", "t9"));
      round.add(decided(1_000, scenario, "update", "t1"));
    }
    assertOrdered(round);
  }

  @Test
  void differentTimesOrUnknownScenariosStillSort() {
    assertOrdered(
        List.of(
            decided(2_000, "a-rule", "update", "t"),
            decided(1_000, "c-rule", "update", "t"),
            decided(1_000, "b-rule", "update", "t")));
    assertOrdered(
        List.of(
            decided(1_000, "not-known", "update", "t"),
            decided(1_000, "c-rule", "update", "t"),
            decided(1_000, "a-rule", "update", "t")));
  }

  private static void assertOrdered(List<DecidedAction> decisions) {
    DecisionOrder order = new DecisionOrder();
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      List<DecidedAction> shuffled = new ArrayList<>(decisions);
      Collections.shuffle(shuffled, random);
      List<DecidedAction> expected = new ArrayList<>(shuffled);
      expected.sort(DecidedAction.ORDER);
      order.sort(shuffled, NAMES);
      assertEquals(expected, shuffled);
    }
  }

  private static DecidedAction decided(long time, String scenario, String action, String target) {
    return new DecidedAction(
        time, scenario, scenario, action, target, Map.of(), Decision.ALLOWED, "default", "");
  }
}
