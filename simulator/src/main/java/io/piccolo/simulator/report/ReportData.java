package io.piccolo.simulator.report;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Firing;
import io.piccolo.simulator.replay.DecisionCounts;
import java.util.List;
import java.util.Map;

/**
 * Everything the HTML report shows about one run, in bounded form: downsampled signals and decision
 * markers, the first decisions, and exact counts.
 *
 * @param title what was run, e.g. the trace file name
 * @param signals every signal of the trace, in first-seen order
 * @param decisionGroups the timeline's decision markers: per time bucket and outcome
 * @param firstDecisions the run's first decisions, in output order, as many as the table lists
 * @param decisionCount every decision of the run
 * @param firedByRule every rule and scenario of the rule base with how often it fired (0: never)
 * @param decisionsByRule decisions per requesting rule or scenario, by outcome
 * @param summary the run's figures, in display order (label to value)
 * @param suppressedGroups the timeline's markers of firings the cooldown suppressed
 * @param firings per rule (by name), its first firings explained
 * @param deciders per policy that decided requests (or {@code default}), by outcome
 * @param catalog each rule's kind and place, and the thresholds drawn on the plots
 */
public record ReportData(
    String title,
    List<SignalSeries> signals,
    List<DecisionGroup> decisionGroups,
    List<DecidedAction> firstDecisions,
    long decisionCount,
    Map<String, Long> firedByRule,
    Map<String, DecisionCounts.Outcomes> decisionsByRule,
    Map<String, String> summary,
    List<SuppressedGroup> suppressedGroups,
    List<RuleFirings> firings,
    Map<String, Decider> deciders,
    RuleCatalog catalog) {

  /**
   * One signal's kept samples, in time order.
   *
   * @param samples how many samples the signal had in the run
   * @param timesMillis kept sample times on the trace clock, ms
   * @param numbers the numeric reading of each kept sample (booleans 1/0), NaN when not a number
   * @param texts the text of each kept sample (used when numbers are NaN)
   */
  public record SignalSeries(
      String path, long samples, long[] timesMillis, double[] numbers, String[] texts) {}

  /**
   * Decisions of one outcome close together in time: one marker on the timeline.
   *
   * @param first the first of them, for the marker's tooltip
   */
  public record DecisionGroup(
      boolean allowed, long firstMillis, long lastMillis, long count, List<DecidedAction> first) {}

  /** Firings the cooldown suppressed close together in time: one marker on the timeline. */
  public record SuppressedGroup(
      long firstMillis, long lastMillis, long count, List<Firing> first) {}

  /**
   * One rule's firings.
   *
   * @param suppressed firings the cooldown suppressed (scenarios only)
   * @param unlisted firings (or, for DRL rules, instants with requests) beyond the listed ones
   */
  public record RuleFirings(
      String rule, long suppressed, long unlisted, List<ExplainedFiring> listed) {}

  /**
   * One firing and what came of it.
   *
   * @param firing a scenario's (or an indexed DRL rule's) conditions and cause, or null
   * @param drl a DRL rule's bound facts and trigger, or null
   * @param decisions the requests it made, decided (none when suppressed); both null: a rule known
   *     only by these
   */
  public record ExplainedFiring(
      long timeMillis, Firing firing, DrlFiring drl, List<DecidedAction> decisions) {}

  /**
   * Requests one policy allowed and denied (both count, for a request several policies decided).
   */
  public record Decider(long allowed, long denied) {}
}
