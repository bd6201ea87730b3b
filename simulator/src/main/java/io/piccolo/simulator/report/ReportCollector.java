package io.piccolo.simulator.report;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Firing;
import io.piccolo.simulator.replay.DecisionCounts;
import io.piccolo.simulator.replay.ReplayObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what the report shows while a replay runs, in memory that does not grow with the run:
 * downsampled signals, the decision lane, the first decisions for the table and the first firings
 * of each rule, explained.
 */
public final class ReportCollector implements ReplayObserver {
  private final int tableRows;
  private final Map<String, SignalBuckets> signals = new LinkedHashMap<>();
  private final DecisionBuckets lane = new DecisionBuckets();
  private final List<DecidedAction> firstDecisions = new ArrayList<>();
  private final FiringLog firings = new FiringLog();
  private long decisions;

  /**
   * @param tableRows how many decisions the table lists, the first ones
   */
  public ReportCollector(int tableRows) {
    this.tableRows = tableRows;
  }

  @Override
  public void sample(long timeMillis, String path, Object value) {
    SignalBuckets buckets = signals.get(path);
    if (buckets == null) {
      buckets = new SignalBuckets(path);
      signals.put(path, buckets);
    }
    buckets.add(timeMillis, value);
  }

  @Override
  public FiringListener firings() {
    return new FiringListener() {
      @Override
      public void fired(Firing f) {
        firings.fired(f);
        if (f.suppressed()) {
          lane.addSuppressed(f);
        }
      }

      @Override
      public void drlFired(DrlFiring f) {
        firings.drlFired(f);
      }
    };
  }

  @Override
  public void decided(List<DecidedAction> atOneTime) {
    for (DecidedAction d : atOneTime) {
      decisions++;
      lane.add(d);
      firings.decided(d);
      if (firstDecisions.size() < tableRows) {
        firstDecisions.add(d);
      }
    }
  }

  /** The report of the run so far. */
  public ReportData data(
      String title,
      Map<String, Long> firedByRule,
      DecisionCounts counts,
      Map<String, String> summary,
      RuleCatalog catalog) {
    return new ReportData(
        title,
        signals.values().stream().map(SignalBuckets::series).toList(),
        lane.groups(),
        List.copyOf(firstDecisions),
        decisions,
        firedByRule,
        counts.byRule(),
        summary,
        lane.suppressedGroups(),
        firings.rules(),
        firings.deciders(),
        catalog);
  }
}
