package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Op;

/**
 * One comparison with its constant side parsed once. {@code eq}/{@code ne} compare numerically when
 * both sides read as numbers, otherwise as case-insensitive text; the ordering operators compare
 * numbers and are false when either side is not one.
 */
final class ComparisonTest implements LeafTest {
  private final Op op;
  private final double number;
  private final String text;

  ComparisonTest(Op op, Object constant) {
    this.op = op;
    this.number = SignalValues.number(constant);
    this.text = SignalValues.text(constant);
  }

  /**
   * The constant of an ordering comparison ({@code lt}, {@code le}, {@code gt}, {@code ge}) with a
   * number, or NaN: only a sample crossing it changes the test's outcome.
   */
  double orderThreshold() {
    return switch (op) {
      case LT, LE, GT, GE -> Double.isFinite(number) ? number : Double.NaN;
      default -> Double.NaN;
    };
  }

  @Override
  public boolean test(PathSlot slot, boolean was) {
    return test(slot.number, slot.value);
  }

  @Override
  public boolean tellsApart(double a, Object earlier, double b, Object later) {
    return test(a, earlier) != test(b, later);
  }

  boolean test(double sample, Object sampleValue) {
    return switch (op) {
      case EQ -> equal(sample, sampleValue);
      case NE -> !equal(sample, sampleValue);
      case LT -> sample < number;
      case LE -> sample <= number;
      case GT -> sample > number;
      case GE -> sample >= number;
    };
  }

  private boolean equal(double sample, Object sampleValue) {
    if (!Double.isNaN(sample) && !Double.isNaN(number)) {
      return sample == number;
    }
    return SignalValues.text(sampleValue).trim().equalsIgnoreCase(text.trim());
  }

  @Override
  public String describe() {
    boolean numeric = !Double.isNaN(number);
    return switch (op) {
      case EQ, NE ->
          numeric
              ? "numeric "
                  + op.symbol()
                  + " "
                  + SignalValues.text(number)
                  + " (text when the sample is not a number)"
              : "case-insensitive text " + op.symbol() + " \"" + text + "\"";
      default ->
          numeric
              ? "number " + op.symbol() + " " + SignalValues.text(number)
              : "never true: '" + text + "' is not a number";
    };
  }
}
