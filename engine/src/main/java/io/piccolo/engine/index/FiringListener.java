package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Origin;
import java.util.List;

/**
 * Told each time a scenario's condition fires, also when its cooldown suppresses the firing, with
 * what every comparison of the condition was at that instant. Only an index with a listener builds
 * these; without one a firing costs nothing extra.
 */
@FunctionalInterface
public interface FiringListener {
  void fired(Firing firing);

  /** What set a firing off. */
  enum Cause {
    /** The first evaluation of the run: no condition, or one true before any sample. */
    START,
    /** A sample changed a comparison's truth (or, for a level scenario, arrived while true). */
    SAMPLE,
    /** A {@code for} (or a group's) duration ran out: the condition has now held long enough. */
    TIMER,
    /** A {@code stale} leaf's signal got no sample for its duration. */
    STALE
  }

  /**
   * One firing.
   *
   * @param origin where the scenario (or the indexed DRL rule) was written
   * @param suppressed inside the cooldown: counted, no request made
   * @param triggerPath the signal whose sample or timer set it off; null at the start and for a
   *     group's timer
   * @param leaves every comparison of the condition, in the order it lists them
   */
  record Firing(
      String scenario,
      Origin origin,
      long timeMillis,
      boolean suppressed,
      Cause cause,
      String triggerPath,
      List<LeafTruth> leaves) {}

  /**
   * One comparison at the firing's instant.
   *
   * @param summary as {@code rules check --explain} gives it: {@code Vehicle.Speed: number > 120,
   *     held for 10s}
   * @param holds what the condition saw: the comparison true (and held for its duration)
   * @param value the signal's last sample, or null before its first
   */
  record LeafTruth(String path, String summary, boolean holds, Object value) {}
}
