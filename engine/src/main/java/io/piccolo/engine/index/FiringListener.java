package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Origin;
import java.util.List;
import java.util.Map;

/**
 * Told each time a scenario's condition fires, also when its cooldown suppresses the firing, with
 * what every comparison of the condition was at that instant; and, if it wants, each time a DRL
 * rule's consequence runs in the session, with the facts its match bound. Only an evaluator with a
 * listener builds these; without one a firing costs nothing extra.
 */
@FunctionalInterface
public interface FiringListener {
  void fired(Firing firing);

  /** A DRL rule's consequence ran (one the index evaluates is told through {@link #fired}). */
  default void drlFired(DrlFiring firing) {}

  /** What set a firing off. */
  enum Cause {
    /**
     * The start of the run (time 0 on the pseudo clock), or when the scenario was loaded: no
     * condition, or one true before any sample.
     */
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

  /**
   * One run of a DRL rule's consequence.
   *
   * @param place {@code file:line} of the rule, or null when unknown
   * @param trigger the change of working memory that made the match, or null when Drools does not
   *     tell it
   * @param facts the fact of each pattern of the match, in the order the rule lists them (a {@code
   *     not} or {@code exists} pattern binds none)
   * @param requests how many action requests the consequence made
   */
  record DrlFiring(
      String rule,
      String place,
      long timeMillis,
      Trigger trigger,
      List<BoundFact> facts,
      int requests) {}

  /**
   * What changed in working memory to make a match.
   *
   * @param fact the fact inserted, updated, deleted or expired, or null when none is named
   * @param byRule the DRL rule whose consequence made the change, or null when it came from outside
   *     (a sample, a store change, a result)
   */
  record Trigger(Change change, BoundFact fact, String byRule) {}

  /** How a fact changed. */
  enum Change {
    INSERT,
    UPDATE,
    DELETE,
    EXPIRY,
    /** Rules were added to a running session: the match was there already. */
    RULES_ADDED
  }

  /**
   * A fact a match bound.
   *
   * @param type the fact's class, without its package
   * @param path for a {@code Signal} or {@code SignalEvent}, its path; else null
   * @param value for a {@code Signal} or {@code SignalEvent}, its value
   * @param timeMillis for a {@code Signal} or {@code SignalEvent}, the time of its sample
   * @param keys for other facts, the fields that tell it from others of its type, in order
   */
  record BoundFact(
      String type, String path, Object value, long timeMillis, Map<String, Object> keys) {}
}
