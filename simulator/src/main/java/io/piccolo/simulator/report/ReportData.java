package io.piccolo.simulator.report;

import io.piccolo.engine.DecidedAction;
import java.util.List;
import java.util.Map;

/**
 * Everything the HTML report shows about one run.
 *
 * @param title what was run, e.g. the trace file name
 * @param signals every signal of the trace, in first-seen order
 * @param decisions every decided action, in output order
 * @param firedByRule every rule and scenario of the rule base with how often it fired (0: never)
 * @param summary the run's figures, in display order (label to value)
 */
public record ReportData(
    String title,
    List<SignalSeries> signals,
    List<DecidedAction> decisions,
    Map<String, Long> firedByRule,
    Map<String, String> summary) {

  /**
   * One signal's samples, in time order.
   *
   * @param timesMillis sample times on the trace clock, ms
   * @param numbers the numeric reading of each sample (booleans 1/0), NaN when not a number
   * @param texts the text of each sample (used when numbers are NaN)
   */
  public record SignalSeries(String path, long[] timesMillis, double[] numbers, String[] texts) {}
}
