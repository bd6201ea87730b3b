package io.piccolo.engine.index;

/** How one leaf turns the latest sample of its path into its raw truth. */
interface LeafTest {
  /**
   * The raw truth after a sample on one of the leaf's paths.
   *
   * @param was the raw truth before it, for tests with memory (hysteresis)
   */
  boolean test(PathSlot slot, boolean was);

  /** Whether the leaf could end up different with {@code later} than with {@code earlier}. */
  boolean tellsApart(double a, Object earlier, double b, Object later);

  /** How the test reads its operands, for {@code rules check --explain}. */
  String describe();

  /** Takes over what a test of the same definition remembered, in an index being replaced. */
  default void continueFrom(LeafTest before) {}
}
