package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.TestKind;

/**
 * The change per {@code per} between the last two samples the index evaluated (the last of each
 * instant), by the samples' own times: {@code (v2 - v1) / (t2 - t1) * per}. False until two numeric
 * samples at different times; a sample that is not a number starts over.
 */
final class RateTest implements LeafTest {
  private final TestKind.Rate kind;
  private boolean hasPrevious;
  private double previous;
  private long previousTime;

  RateTest(TestKind.Rate kind) {
    this.kind = kind;
  }

  @Override
  public boolean test(PathSlot slot, boolean was) {
    double v = slot.number;
    if (Double.isNaN(v)) {
      hasPrevious = false;
      return false;
    }
    if (!hasPrevious) {
      hasPrevious = true;
      previous = v;
      previousTime = slot.time;
      return false;
    }
    long dt = slot.time - previousTime;
    if (dt <= 0) {
      return was; // no time passed by the samples' own clock: no rate to speak of yet
    }
    double rate = (v - previous) / dt * kind.perMillis();
    previous = v;
    previousTime = slot.time;
    return NumberOrder.holds(kind.op(), rate, kind.value());
  }

  @Override
  public boolean tellsApart(double a, Object earlier, double b, Object later) {
    return a != b;
  }

  @Override
  public void continueFrom(LeafTest before) {
    RateTest old = (RateTest) before;
    hasPrevious = old.hasPrevious;
    previous = old.previous;
    previousTime = old.previousTime;
  }

  @Override
  public String describe() {
    return "change per "
        + Durations.format(kind.perMillis())
        + " between the last two samples "
        + kind.op().symbol()
        + " "
        + SignalValues.text(kind.value())
        + " (false until two samples)";
  }
}
