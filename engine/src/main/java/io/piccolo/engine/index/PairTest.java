package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.TestKind;

/**
 * {@code A op B} on the latest values of two signals: the leaf sits on both paths, so a sample of
 * either re-evaluates it; false until both have had a sample. eq/ne compare as {@code eq} does with
 * a constant: numerically when both read as numbers, else as case-insensitive text.
 */
final class PairTest implements LeafTest {
  private final TestKind.Versus kind;
  PathSlot left;
  PathSlot right;

  PairTest(TestKind.Versus kind) {
    this.kind = kind;
  }

  @Override
  public boolean test(PathSlot slot, boolean was) {
    if (!left.sampled || !right.sampled) {
      return false;
    }
    return holds(left.number, left.value, right.number, right.value);
  }

  private boolean holds(double a, Object av, double b, Object bv) {
    Op op = kind.op();
    if ((op == Op.EQ || op == Op.NE) && (Double.isNaN(a) || Double.isNaN(b))) {
      boolean equal = SignalValues.text(av).trim().equalsIgnoreCase(SignalValues.text(bv).trim());
      return op == Op.EQ ? equal : !equal;
    }
    return NumberOrder.holds(op, a, b);
  }

  String other() {
    return kind.other();
  }

  @Override
  public boolean tellsApart(double a, Object earlier, double b, Object later) {
    // which side a value is on is not known here: the cautious answer
    return true;
  }

  @Override
  public String describe() {
    return kind.op().symbol()
        + " the latest value of "
        + kind.other()
        + " (numbers; eq/ne as text when either is not one; re-evaluated on samples of either,"
        + " false until both have had one)";
  }
}
