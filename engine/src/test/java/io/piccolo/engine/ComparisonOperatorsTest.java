package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.none;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.scenario.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonOperatorsTest {
  private static final String SPEED = "Vehicle.Speed";

  /** One scenario {@code SPEED op constant}; does one sample of {@code sample} make it fire? */
  private static boolean fires(Op op, Object constant, Object sample) throws Exception {
    try (Fixtures.Drive drive =
        new Fixtures.Drive(ruleBase(List.of(scenario("s", when(SPEED, op, constant)))))) {
      return !drive.at(0, SPEED, sample).isEmpty();
    }
  }

  @ParameterizedTest(name = "{1} {0} {2} -> {3}")
  @CsvSource({
    "EQ, 50, 50.0, true",
    "EQ, 50, 50.5, false",
    "NE, 50, 50.5, true",
    "NE, 50, 50.0, false",
    "LT, 50, 49.9, true",
    "LT, 50, 50.0, false",
    "LE, 50, 50.0, true",
    "LE, 50, 50.1, false",
    "GT, 50, 50.1, true",
    "GT, 50, 50.0, false",
    "GE, 50, 50.0, true",
    "GE, 50, 49.9, false"
  })
  void numericComparisons(Op op, double constant, double sample, boolean expected)
      throws Exception {
    assertEquals(expected, fires(op, constant, sample));
  }

  @Test
  void equalityIsNumericWhenBothSidesAreNumbers() throws Exception {
    assertEquals(true, fires(Op.EQ, -1.0, "-1"));
    assertEquals(true, fires(Op.EQ, "50", 50.0));
    assertEquals(true, fires(Op.EQ, "1e2", 100.0));
  }

  @Test
  void equalityIsCaseInsensitiveTextOtherwise() throws Exception {
    assertEquals(true, fires(Op.EQ, "true", true));
    assertEquals(true, fires(Op.EQ, "PLAY", "play"));
    assertEquals(false, fires(Op.EQ, "PLAY", "STOP"));
    assertEquals(true, fires(Op.NE, "PLAY", "STOP"));
    assertEquals(true, fires(Op.EQ, true, "TRUE"));
  }

  @Test
  void orderingIsFalseWhenEitherSideIsNotANumber() throws Exception {
    assertEquals(false, fires(Op.LT, 50, "slow"));
    assertEquals(false, fires(Op.GT, "fast", 200.0));
    assertEquals(false, fires(Op.GE, "fast", "fast"));
  }

  @Test
  void booleansReadAsOneAndZero() throws Exception {
    assertEquals(true, fires(Op.EQ, 1, true));
    assertEquals(true, fires(Op.GT, 0.5, true));
    assertEquals(true, fires(Op.LT, 0.5, false));
  }

  @Test
  void beforeTheFirstSampleEveryComparisonIsFalseSoItsNegationIsTrue() throws Exception {
    var scenarios =
        List.of(
            scenario("ne-before-sample", when(SPEED, Op.NE, 10)),
            scenario("not-before-sample", none(when(SPEED, Op.EQ, 10))));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(scenarios))) {
      List<DecidedAction> first = drive.at(0, "Vehicle.Other", 1.0);
      assertEquals(
          List.of("not-before-sample"), first.stream().map(DecidedAction::scenario).toList());
    }
  }

  @Test
  void onlyPlainDecimalsReadAsNumbers() throws Exception {
    assertEquals(false, fires(Op.EQ, 4, "4D"));
    assertEquals(false, fires(Op.GT, 1, "Infinity"));
    assertEquals(true, fires(Op.EQ, 400, "4e2"));
  }
}
