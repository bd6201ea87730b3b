package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;
import static io.piccolo.simulator.report.Svg.coord;
import static io.piccolo.simulator.report.TimeAxis.LEFT;
import static io.piccolo.simulator.report.TimeAxis.PLOT_WIDTH;

import io.piccolo.simulator.report.ReportData.SignalSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * One signal's plot: numbers as a step line with value levels, thresholds and the last sample; text
 * as coloured bands of its values.
 */
final class SignalPlot {
  static final int LINE_HEIGHT = 60;
  static final int BAND_HEIGHT = 24;
  private static final int VALUE_PAD = 5;
  private static final String[] PALETTE = {
    "#a5d6ff", "#ffd6a5", "#b4f1b4", "#e0c3fc", "#ffb3ba",
    "#fff1a8", "#b5ead7", "#f1c0e8", "#cfd8dc", "#ffdfba"
  };

  private final Svg svg;
  private final TimeAxis axis;
  private final Map<String, List<RuleCatalog.Threshold>> thresholds;

  SignalPlot(Svg svg, TimeAxis axis, Map<String, List<RuleCatalog.Threshold>> thresholds) {
    this.svg = svg;
    this.axis = axis;
    this.thresholds = thresholds;
  }

  /** A signal with samples but not one number is shown as text. */
  static boolean isText(SignalSeries s) {
    return s.numbers().length > 0 && Arrays.stream(s.numbers()).noneMatch(Double::isFinite);
  }

  static int height(SignalSeries s) {
    return isText(s) ? BAND_HEIGHT : LINE_HEIGHT;
  }

  void draw(SignalSeries s, int top) {
    if (isText(s)) {
      band(s, top);
    } else {
      line(s, top);
    }
  }

  private void line(SignalSeries s, int top) {
    svg.rect("plot", LEFT, top, PLOT_WIDTH, LINE_HEIGHT, null);
    DoubleSummaryStatistics values =
        Arrays.stream(s.numbers()).filter(Double::isFinite).summaryStatistics();
    if (values.getCount() == 0) {
      svg.label(
          LEFT + PLOT_WIDTH / 2.0, top + LINE_HEIGHT / 2.0 + 4, "middle", "muted", "no samples");
      return;
    }
    List<RuleCatalog.Threshold> lines = thresholds.getOrDefault(s.path(), List.of());
    double lo = values.getMin();
    double hi = values.getMax();
    for (RuleCatalog.Threshold t : lines) {
      // a threshold the signal never reaches is drawn too: that is often the question
      lo = Math.min(lo, t.value());
      hi = Math.max(hi, t.value());
    }
    double low = lo;
    double high = hi;
    DoubleUnaryOperator y =
        hi > lo
            ? v -> top + VALUE_PAD + (high - v) * (LINE_HEIGHT - 2 * VALUE_PAD) / (high - low)
            : v -> top + LINE_HEIGHT / 2.0;
    valueLevel(hi, y.applyAsDouble(hi));
    if (hi > lo) {
      valueLevel(lo, y.applyAsDouble(lo));
    }
    for (RuleCatalog.Threshold t : lines) {
      threshold(t, y.applyAsDouble(t.value()));
    }
    int[] kept = PixelColumns.keptSamples(s, axis);
    svg.out().append("<path class=\"line\" d=\"").append(stepPath(s, kept, y)).append("\"/>\n");
    lastSample(s, kept, y);
  }

  /** A dashed line at a comparison's constant, labelled inside the plot's right end. */
  private void threshold(RuleCatalog.Threshold t, double y) {
    StringBuilder out = svg.out();
    out.append("<g class=\"threshold\"><title>")
        .append(escape("threshold " + t.label()))
        .append("</title>");
    svg.across("<line", y);
    out.append("<text x=\"")
        .append(LEFT + PLOT_WIDTH - 4)
        .append("\" y=\"")
        .append(coord(y - 3))
        .append("\" text-anchor=\"end\">")
        .append(escape(t.label()))
        .append("</text></g>\n");
  }

  /** The last kept sample as a dot: a value that arrives at the very end is still seen. */
  private void lastSample(SignalSeries s, int[] kept, DoubleUnaryOperator y) {
    if (kept.length == 0) {
      return;
    }
    int i = kept[kept.length - 1];
    double v = s.numbers()[i];
    if (!Double.isFinite(v)) {
      return;
    }
    long t = s.timesMillis()[i];
    svg.out()
        .append("<circle class=\"last\" cx=\"")
        .append(coord(axis.x(t)))
        .append("\" cy=\"")
        .append(coord(y.applyAsDouble(v)))
        .append("\" r=\"2.5\"><title>")
        .append(escape("last sample: " + Svg.number(v) + " at " + Html.seconds(t) + " s"))
        .append("</title></circle>\n");
  }

  private void valueLevel(double value, double y) {
    svg.across("<line class=\"grid\"", y);
    svg.out().append('\n');
    svg.label(LEFT - 6, y + 4, "end", null, Svg.number(value));
  }

  /** Signals hold their last value: horizontal to the next sample, then vertical to it. */
  private String stepPath(SignalSeries s, int[] kept, DoubleUnaryOperator y) {
    StringBuilder d = new StringBuilder(kept.length * 16);
    boolean drawing = false;
    for (int i : kept) {
      double x = axis.x(s.timesMillis()[i]);
      double v = s.numbers()[i];
      if (drawing) {
        d.append('H').append(coord(x));
      }
      if (!Double.isFinite(v)) {
        drawing = false; // a non-numeric sample: a gap until the next number
      } else if (drawing) {
        d.append('V').append(coord(y.applyAsDouble(v)));
      } else {
        d.append('M').append(coord(x)).append(',').append(coord(y.applyAsDouble(v)));
        drawing = true;
      }
    }
    if (drawing) {
      d.append('H').append(LEFT + PLOT_WIDTH);
    }
    return d.toString();
  }

  /** Coloured segments, one per run of equal value at pixel resolution. */
  private void band(SignalSeries s, int top) {
    List<String> values = new ArrayList<>();
    int[] shown = PixelColumns.columnValues(s, axis, values);
    int from = 0;
    while (from < PLOT_WIDTH) {
      int code = shown[from];
      int to = from + 1;
      while (to < PLOT_WIDTH && shown[to] == code) {
        to++;
      }
      if (code != PixelColumns.NONE) {
        segment(code == PixelColumns.MIXED ? null : values.get(code), code, from, to, top);
      }
      from = to;
    }
  }

  private void segment(String value, int code, int from, int to, int top) {
    String title =
        (value == null ? "several values" : value)
            + "\n"
            + Html.seconds(axis.columnStart(from))
            + " s to "
            + Html.seconds(axis.columnStart(to))
            + " s";
    svg.out().append("<g><title>").append(escape(title)).append("</title>");
    svg.rect(
        value == null ? "segment mixed" : "segment",
        LEFT + from,
        top,
        to - from,
        BAND_HEIGHT,
        value == null ? null : PALETTE[code % PALETTE.length]);
    int fits = (to - from - 8) / 7;
    if (value != null && fits >= 3) {
      String shortened = value.length() <= fits ? value : value.substring(0, fits - 1) + "…";
      svg.label(LEFT + from + 4, top + BAND_HEIGHT / 2.0 + 4, "start", null, shortened);
    }
    svg.out().append("</g>\n");
  }
}
