package io.piccolo.simulator.report;

import java.util.LongSummaryStatistics;

/** The timeline section: its legend and the SVG, over every instant something happened. */
final class TimelineSection {
  private TimelineSection() {}

  static void render(StringBuilder html, ReportData data) {
    html.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    if (data.signals().isEmpty()) {
      html.append("<p class=\"empty\">No signals in this trace.</p>\n");
    }
    LongSummaryStatistics times = times(data);
    if (times.getCount() == 0) {
      html.append("<p class=\"empty\">Nothing to plot: no samples and no decisions.</p>\n");
    } else {
      html.append("<p>")
          .append(Badges.ALLOWED)
          .append(' ')
          .append(Badges.DENIED)
          .append(' ')
          .append(Badges.SUPPRESSED)
          .append(" Hover a marker for the decision. Lines across the plots mark decision times")
          .append(" (denied dashed); suppressed firings made no request and have none. Dashed")
          .append(" amber lines are the constants scenario conditions compare a signal with.")
          .append(" Time in seconds on the trace clock.</p>\n")
          .append("<div class=\"scroll\">\n");
      new TimelineSvg(html, times.getMin(), times.getMax())
          .draw(
              data.signals(),
              data.decisionGroups(),
              data.suppressedGroups(),
              data.catalog().thresholds());
      html.append("</div>\n");
    }
    html.append("</section>\n");
  }

  /** Every kept sample's time and every marker's first and last. */
  private static LongSummaryStatistics times(ReportData data) {
    LongSummaryStatistics times = new LongSummaryStatistics();
    for (ReportData.SignalSeries s : data.signals()) {
      for (long t : s.timesMillis()) {
        times.accept(t);
      }
    }
    for (ReportData.DecisionGroup g : data.decisionGroups()) {
      times.accept(g.firstMillis());
      times.accept(g.lastMillis());
    }
    for (ReportData.SuppressedGroup g : data.suppressedGroups()) {
      times.accept(g.firstMillis());
      times.accept(g.lastMillis());
    }
    return times;
  }
}
