package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;
import static io.piccolo.simulator.report.Svg.coord;
import static io.piccolo.simulator.report.TimeAxis.LEFT;
import static io.piccolo.simulator.report.TimeAxis.PLOT_WIDTH;

import io.piccolo.simulator.report.ReportData.DecisionGroup;
import io.piccolo.simulator.report.ReportData.SignalSeries;
import io.piccolo.simulator.report.ReportData.SuppressedGroup;
import java.util.List;
import java.util.Map;

/**
 * One SVG: time ticks, a decision lane, then a plot per signal ({@link SignalPlot}), all on one
 * {@link TimeAxis}, with the lane's markers ({@link LaneMarkers}) on top.
 */
final class TimelineSvg {
  private static final int WIDTH = LEFT + PLOT_WIDTH + 20;
  private static final int AXIS_HEIGHT = 22;
  private static final int LANE_ROW = 18;
  private static final int LANE_ROWS = 3;
  private static final int LABEL_HEIGHT = 18;
  private static final int GAP = 10;
  private static final int PLOTS_TOP = AXIS_HEIGHT + LANE_ROWS * LANE_ROW + GAP;

  private final Svg svg;
  private final TimeAxis axis;

  TimelineSvg(StringBuilder html, long start, long end) {
    this.svg = new Svg(html);
    this.axis = new TimeAxis(start, end);
  }

  void draw(
      List<SignalSeries> signals,
      List<DecisionGroup> decisions,
      List<SuppressedGroup> suppressed,
      Map<String, List<RuleCatalog.Threshold>> thresholds) {
    int bottom = PLOTS_TOP + signals.stream().mapToInt(TimelineSvg::blockHeight).sum();
    int height = bottom + AXIS_HEIGHT;
    svg.out()
        .append("<svg width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"timeline\">\n");
    ticks(bottom);
    lane(decisions.isEmpty() && suppressed.isEmpty());
    SignalPlot plot = new SignalPlot(svg, axis, thresholds);
    int top = PLOTS_TOP;
    for (SignalSeries signal : signals) {
      label(signal, top);
      plot.draw(signal, top + LABEL_HEIGHT);
      top += blockHeight(signal);
    }
    LaneMarkers markers = new LaneMarkers(svg, axis, AXIS_HEIGHT, LANE_ROW);
    markers.decisions(decisions, true, bottom - GAP);
    markers.decisions(decisions, false, bottom - GAP);
    markers.suppressed(suppressed);
    svg.out().append("</svg>\n");
  }

  private static int blockHeight(SignalSeries s) {
    return LABEL_HEIGHT + SignalPlot.height(s) + GAP;
  }

  /** About ten round-numbered ticks, labelled above the lane and below the last plot. */
  private void ticks(int bottom) {
    long step = axis.tickStep();
    svg.label(LEFT - 6, AXIS_HEIGHT - 7, "end", "muted", "time (s)");
    svg.label(LEFT - 6, bottom + 15, "end", "muted", "time (s)");
    for (long t = axis.firstTick(step); t <= axis.end(); t += step) {
      svg.vertical("<line class=\"grid\"", coord(axis.x(t)), AXIS_HEIGHT, bottom - GAP);
      svg.out().append('\n');
      svg.label(axis.x(t), AXIS_HEIGHT - 7, "middle", null, TimeAxis.seconds(t, step));
      svg.label(axis.x(t), bottom + 15, "middle", null, TimeAxis.seconds(t, step));
    }
  }

  private void lane(boolean empty) {
    svg.rect("lane", LEFT, AXIS_HEIGHT, PLOT_WIDTH, LANE_ROWS * LANE_ROW, null);
    svg.label(LEFT - 6, AXIS_HEIGHT + LANE_ROW / 2.0 + 4, "end", null, "allowed");
    svg.label(LEFT - 6, AXIS_HEIGHT + 1.5 * LANE_ROW + 4, "end", null, "denied");
    svg.label(LEFT - 6, AXIS_HEIGHT + 2.5 * LANE_ROW + 4, "end", null, "suppressed");
    if (empty) {
      svg.label(
          LEFT + PLOT_WIDTH / 2.0,
          AXIS_HEIGHT + 1.5 * LANE_ROW + 4,
          "middle",
          "muted",
          "no decisions");
    }
  }

  /** The signal's path and sample count above its plot. */
  private void label(SignalSeries s, int top) {
    svg.out()
        .append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(top + 13)
        .append("\">")
        .append(escape(s.path()))
        .append("<tspan class=\"muted\"> · ")
        .append(s.samples())
        .append(" samples</tspan></text>\n");
  }
}
