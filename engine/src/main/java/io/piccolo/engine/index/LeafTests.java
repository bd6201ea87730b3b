package io.piccolo.engine.index;

import io.piccolo.engine.scenario.TestKind;

/** The runtime test for each kind of {@link TestKind}. */
final class LeafTests {
  private LeafTests() {}

  static LeafTest of(TestKind kind) {
    if (kind instanceof TestKind.Versus k) {
      return new PairTest(k);
    } else if (kind instanceof TestKind.Between k) {
      return new ValueTests.Between(k);
    } else if (kind instanceof TestKind.In k) {
      return new ValueTests.In(k);
    } else if (kind instanceof TestKind.Matches k) {
      return new ValueTests.Matches(k);
    } else if (kind instanceof TestKind.Contains k) {
      return new ValueTests.Contains(k);
    } else if (kind instanceof TestKind.Stale k) {
      return new PresenceTests.Stale(k);
    } else if (kind instanceof TestKind.Known k) {
      return new PresenceTests.Known(k);
    } else if (kind instanceof TestKind.Rate k) {
      return new RateTest(k);
    }
    return new RearmTest((TestKind.Rearm) kind);
  }
}
