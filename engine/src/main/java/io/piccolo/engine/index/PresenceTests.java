package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.TestKind;

/** Tests of whether samples came, not of their values: known and stale. */
final class PresenceTests {
  private PresenceTests() {}

  /** Any sample makes {@code known: true} true and {@code known: false} false, for good. */
  static final class Known implements LeafTest {
    private final boolean known;

    Known(TestKind.Known kind) {
      this.known = kind.known();
    }

    @Override
    public boolean test(PathSlot slot, boolean was) {
      return known;
    }

    @Override
    public boolean tellsApart(double a, Object earlier, double b, Object later) {
      return false;
    }

    @Override
    public String describe() {
      return known ? "has had a sample" : "has had no sample yet";
    }
  }

  /**
   * Stale leaves are not tested at a sample: the index restarts their timer instead (see {@code
   * ScenarioIndex}); this only names them.
   */
  static final class Stale implements LeafTest {
    private final long millis;

    Stale(TestKind.Stale kind) {
      this.millis = kind.millis();
    }

    @Override
    public boolean test(PathSlot slot, boolean was) {
      return false;
    }

    @Override
    public boolean tellsApart(double a, Object earlier, double b, Object later) {
      return false;
    }

    @Override
    public String describe() {
      return "no sample for "
          + Durations.format(millis)
          + " (a timer on the session clock, restarted by each sample; before the first, counted"
          + " from the start of the run)";
    }
  }
}
