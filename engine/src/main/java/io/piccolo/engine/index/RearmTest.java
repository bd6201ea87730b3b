package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.TestKind;

/**
 * Hysteresis: {@code value op threshold} makes the leaf true, and it stays true while {@code value
 * op rearm}, so a signal hovering at the threshold does not flap.
 */
final class RearmTest implements LeafTest {
  private final TestKind.Rearm kind;

  RearmTest(TestKind.Rearm kind) {
    this.kind = kind;
  }

  @Override
  public boolean test(PathSlot slot, boolean was) {
    return NumberOrder.holds(kind.op(), slot.number, was ? kind.rearm() : kind.value());
  }

  @Override
  public boolean tellsApart(double a, Object earlier, double b, Object later) {
    return NumberOrder.holds(kind.op(), a, kind.value())
            != NumberOrder.holds(kind.op(), b, kind.value())
        || NumberOrder.holds(kind.op(), a, kind.rearm())
            != NumberOrder.holds(kind.op(), b, kind.rearm());
  }

  @Override
  public String describe() {
    String op = kind.op().symbol();
    return "number "
        + op
        + " "
        + SignalValues.text(kind.value())
        + " turns it true; stays true while number "
        + op
        + " "
        + SignalValues.text(kind.rearm())
        + " (hysteresis)";
  }
}
