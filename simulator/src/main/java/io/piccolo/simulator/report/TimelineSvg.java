package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import io.piccolo.engine.DecidedAction;
import io.piccolo.simulator.report.ReportData.DecisionGroup;
import io.piccolo.simulator.report.ReportData.SignalSeries;
import io.piccolo.simulator.report.ReportData.SuppressedGroup;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One SVG: time ticks, a decision lane, then a plot per signal, all on one time axis. The plot
 * width doubles as the downsampling resolution: one pixel column is one bucket of samples.
 */
final class TimelineSvg {
  private static final int PLOT_WIDTH = 1000;
  private static final int LEFT = 90;
  private static final int WIDTH = LEFT + PLOT_WIDTH + 20;
  private static final int AXIS_HEIGHT = 22;
  private static final int LANE_ROW = 18;
  private static final int LABEL_HEIGHT = 18;
  private static final int LINE_HEIGHT = 60;
  private static final int BAND_HEIGHT = 24;
  private static final int GAP = 10;
  private static final int LANE_ROWS = 3;
  private static final int PLOTS_TOP = AXIS_HEIGHT + LANE_ROWS * LANE_ROW + GAP;
  private static final int VALUE_PAD = 5;
  private static final int MAX_DECISIONS_PER_MARKER = DecisionBuckets.LISTED;
  private static final int NONE = -1;
  private static final int MIXED = -2;
  private static final String[] PALETTE = {
    "#a5d6ff", "#ffd6a5", "#b4f1b4", "#e0c3fc", "#ffb3ba",
    "#fff1a8", "#b5ead7", "#f1c0e8", "#cfd8dc", "#ffdfba"
  };

  private final StringBuilder svg;
  private Map<String, List<RuleCatalog.Threshold>> thresholds = Map.of();
  private final long start;
  private final long span;

  TimelineSvg(StringBuilder svg, long start, long end) {
    this.svg = svg;
    this.start = start;
    // everything at one instant still gets a readable one-second axis; a margin of 2% after the
    // last instant, so a sample or decision there is drawn inside the plot, not on its border
    long covered = Math.max(end - start, 1000);
    this.span = covered + Math.max(1, covered / 50);
  }

  void draw(
      List<SignalSeries> signals,
      List<DecisionGroup> decisions,
      List<SuppressedGroup> suppressed,
      Map<String, List<RuleCatalog.Threshold>> thresholds) {
    this.thresholds = thresholds;
    int bottom = PLOTS_TOP + signals.stream().mapToInt(TimelineSvg::blockHeight).sum();
    int height = bottom + AXIS_HEIGHT;
    svg.append("<svg width=\"")
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
    int top = PLOTS_TOP;
    for (SignalSeries signal : signals) {
      top = signal(signal, top);
    }
    markers(decisions, true, bottom);
    markers(decisions, false, bottom);
    suppressedMarkers(suppressed);
    svg.append("</svg>\n");
  }

  private static int blockHeight(SignalSeries s) {
    return LABEL_HEIGHT + (isText(s) ? BAND_HEIGHT : LINE_HEIGHT) + GAP;
  }

  /** A signal with samples but not one number is shown as text. */
  private static boolean isText(SignalSeries s) {
    return s.numbers().length > 0 && Arrays.stream(s.numbers()).noneMatch(Double::isFinite);
  }

  private double x(long millis) {
    return LEFT + (millis - start) * (double) PLOT_WIDTH / span;
  }

  private int column(long millis) {
    return (int) Math.min(PLOT_WIDTH - 1, (millis - start) * PLOT_WIDTH / span);
  }

  private long columnStart(int column) {
    return start + column * span / PLOT_WIDTH;
  }

  /** About ten round-numbered ticks, labelled above the lane and below the last plot. */
  private void ticks(int bottom) {
    double raw = span / 10.0;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double nice = raw / magnitude < 2 ? 1 : raw / magnitude < 5 ? 2 : 5;
    long step = Math.max(1, Math.round(nice * magnitude));
    label(LEFT - 6, AXIS_HEIGHT - 7, "end", "muted", "time (s)");
    label(LEFT - 6, bottom + 15, "end", "muted", "time (s)");
    for (long t = Math.floorDiv(start + step - 1, step) * step; t <= start + span; t += step) {
      String x = coord(x(t));
      svg.append("<line class=\"grid\" x1=\"")
          .append(x)
          .append("\" y1=\"")
          .append(AXIS_HEIGHT)
          .append("\" x2=\"")
          .append(x)
          .append("\" y2=\"")
          .append(bottom - GAP)
          .append("\"/>\n");
      label(x(t), AXIS_HEIGHT - 7, "middle", null, seconds(t, step));
      label(x(t), bottom + 15, "middle", null, seconds(t, step));
    }
  }

  private static String seconds(long millis, long step) {
    int decimals = step % 1000 == 0 ? 0 : step % 100 == 0 ? 1 : step % 10 == 0 ? 2 : 3;
    return BigDecimal.valueOf(millis, 3).setScale(decimals).toPlainString();
  }

  private void lane(boolean empty) {
    rect("lane", LEFT, AXIS_HEIGHT, PLOT_WIDTH, LANE_ROWS * LANE_ROW, null);
    label(LEFT - 6, AXIS_HEIGHT + LANE_ROW / 2.0 + 4, "end", null, "allowed");
    label(LEFT - 6, AXIS_HEIGHT + 1.5 * LANE_ROW + 4, "end", null, "denied");
    label(LEFT - 6, AXIS_HEIGHT + 2.5 * LANE_ROW + 4, "end", null, "suppressed");
    if (empty) {
      label(
          LEFT + PLOT_WIDTH / 2.0,
          AXIS_HEIGHT + 1.5 * LANE_ROW + 4,
          "middle",
          "muted",
          "no decisions");
    }
  }

  /** Returns the top of the next signal's block. */
  private int signal(SignalSeries s, int top) {
    svg.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(top + 13)
        .append("\">")
        .append(escape(s.path()))
        .append("<tspan class=\"muted\"> · ")
        .append(s.samples())
        .append(" samples</tspan></text>\n");
    if (isText(s)) {
      band(s, top + LABEL_HEIGHT);
    } else {
      line(s, top + LABEL_HEIGHT);
    }
    return top + blockHeight(s);
  }

  private void line(SignalSeries s, int top) {
    rect("plot", LEFT, top, PLOT_WIDTH, LINE_HEIGHT, null);
    DoubleSummaryStatistics values =
        Arrays.stream(s.numbers()).filter(Double::isFinite).summaryStatistics();
    if (values.getCount() == 0) {
      label(LEFT + PLOT_WIDTH / 2.0, top + LINE_HEIGHT / 2.0 + 4, "middle", "muted", "no samples");
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
    int[] kept = keptSamples(s);
    svg.append("<path class=\"line\" d=\"").append(stepPath(s, kept, y)).append("\"/>\n");
    lastSample(s, kept, y);
  }

  /** A dashed line at a comparison's constant, labelled inside the plot's right end. */
  private void threshold(RuleCatalog.Threshold t, double y) {
    svg.append("<g class=\"threshold\"><title>")
        .append(escape("threshold " + t.label()))
        .append("</title>");
    across("<line", y);
    svg.append("<text x=\"")
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
    svg.append("<circle class=\"last\" cx=\"")
        .append(coord(x(t)))
        .append("\" cy=\"")
        .append(coord(y.applyAsDouble(v)))
        .append("\" r=\"2.5\"><title>")
        .append(escape("last sample: " + number(v) + " at " + Html.seconds(t) + " s"))
        .append("</title></circle>\n");
  }

  private void valueLevel(double value, double y) {
    across("<line class=\"grid\"", y);
    svg.append('\n');
    label(LEFT - 6, y + 4, "end", null, number(value));
  }

  /** A horizontal line across the plot at {@code y}; {@code start} opens the element. */
  private void across(String start, double y) {
    String level = coord(y);
    svg.append(start)
        .append(" x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(level)
        .append("\" x2=\"")
        .append(LEFT + PLOT_WIDTH)
        .append("\" y2=\"")
        .append(level)
        .append("\"/>");
  }

  /**
   * Per pixel column the first, lowest, highest and last sample, in time order: drawn at this width
   * they give the same picture as all samples, with at most four points per column.
   */
  private int[] keptSamples(SignalSeries s) {
    long[] times = s.timesMillis();
    double[] numbers = s.numbers();
    IntStream.Builder kept = IntStream.builder();
    int first = 0;
    while (first < times.length) {
      int column = column(times[first]);
      int lowest = NONE;
      int highest = NONE;
      int next = first;
      for (; next < times.length && column(times[next]) == column; next++) {
        double v = numbers[next];
        if (Double.isFinite(v)) {
          lowest = lowest == NONE || v < numbers[lowest] ? next : lowest;
          highest = highest == NONE || v > numbers[highest] ? next : highest;
        }
      }
      IntStream.of(first, lowest, highest, next - 1)
          .filter(i -> i != NONE)
          .sorted()
          .distinct()
          .forEach(kept::add);
      first = next;
    }
    return kept.build().toArray();
  }

  /** Signals hold their last value: horizontal to the next sample, then vertical to it. */
  private String stepPath(SignalSeries s, int[] kept, DoubleUnaryOperator y) {
    StringBuilder d = new StringBuilder(kept.length * 16);
    boolean drawing = false;
    for (int i : kept) {
      double x = x(s.timesMillis()[i]);
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
    int[] shown = columnValues(s, values);
    int from = 0;
    while (from < PLOT_WIDTH) {
      int code = shown[from];
      int to = from + 1;
      while (to < PLOT_WIDTH && shown[to] == code) {
        to++;
      }
      if (code != NONE) {
        segment(code == MIXED ? null : values.get(code), code, from, to, top);
      }
      from = to;
    }
  }

  /**
   * Per pixel column the index in {@code values} of the value shown there, {@link #MIXED} when the
   * column has several, {@link #NONE} before the first sample.
   */
  private int[] columnValues(SignalSeries s, List<String> values) {
    Map<String, Integer> codes = new HashMap<>();
    int[] shown = new int[PLOT_WIDTH];
    int[] last = new int[PLOT_WIDTH];
    Arrays.fill(shown, NONE);
    for (int i = 0; i < s.texts().length; i++) {
      String text = s.texts()[i] == null || s.texts()[i].isEmpty() ? "(empty)" : s.texts()[i];
      int code =
          codes.computeIfAbsent(
              text,
              t -> {
                values.add(t);
                return values.size() - 1;
              });
      int column = column(s.timesMillis()[i]);
      shown[column] = shown[column] == NONE || shown[column] == code ? code : MIXED;
      last[column] = code;
    }
    int held = NONE;
    for (int column = 0; column < PLOT_WIDTH; column++) {
      if (shown[column] == NONE) {
        shown[column] = held;
      } else {
        held = last[column];
      }
    }
    return shown;
  }

  private void segment(String value, int code, int from, int to, int top) {
    String title =
        (value == null ? "several values" : value)
            + "\n"
            + Html.seconds(columnStart(from))
            + " s to "
            + Html.seconds(columnStart(to))
            + " s";
    svg.append("<g><title>").append(escape(title)).append("</title>");
    rect(
        value == null ? "segment mixed" : "segment",
        LEFT + from,
        top,
        to - from,
        BAND_HEIGHT,
        value == null ? null : PALETTE[code % PALETTE.length]);
    int fits = (to - from - 8) / 7;
    if (value != null && fits >= 3) {
      String shortened = value.length() <= fits ? value : value.substring(0, fits - 1) + "…";
      label(LEFT + from + 4, top + BAND_HEIGHT / 2.0 + 4, "start", null, shortened);
    }
    svg.append("</g>\n");
  }

  /**
   * One marker per pixel column in the allowed or denied row, with a guide line down across the
   * plots; its tooltip lists the decisions it stands for.
   */
  private void markers(List<DecisionGroup> groups, boolean allowed, int bottom) {
    Map<Integer, List<DecisionGroup>> byColumn =
        groups.stream()
            .filter(g -> g.allowed() == allowed)
            .collect(
                Collectors.groupingBy(
                    g -> column(g.firstMillis()), TreeMap::new, Collectors.toList()));
    String kind = allowed ? "allowed" : "denied";
    double rowMiddle = AXIS_HEIGHT + (allowed ? 0.5 : 1.5) * LANE_ROW;
    for (List<DecisionGroup> group : byColumn.values()) {
      double at = x(group.get(0).firstMillis());
      String x = coord(at);
      svg.append("<line class=\"guide ")
          .append(kind)
          .append("\" x1=\"")
          .append(x)
          .append("\" y1=\"")
          .append(AXIS_HEIGHT + LANE_ROWS * LANE_ROW)
          .append("\" x2=\"")
          .append(x)
          .append("\" y2=\"")
          .append(bottom - GAP)
          .append("\"/>\n<g class=\"marker ")
          .append(kind)
          .append("\"><title>")
          .append(escape(tooltip(group)))
          .append("</title>");
      if (allowed) {
        svg.append("<circle cx=\"")
            .append(x)
            .append("\" cy=\"")
            .append(coord(rowMiddle))
            .append("\" r=\"5\"/>");
      } else {
        cross(at, rowMiddle);
      }
      svg.append("</g>\n");
    }
  }

  /** Firings the cooldown suppressed: a hollow ring in their own row, no guide line. */
  private void suppressedMarkers(List<SuppressedGroup> groups) {
    Map<Integer, List<SuppressedGroup>> byColumn =
        groups.stream()
            .collect(
                Collectors.groupingBy(
                    g -> column(g.firstMillis()), TreeMap::new, Collectors.toList()));
    double rowMiddle = AXIS_HEIGHT + 2.5 * LANE_ROW;
    for (List<SuppressedGroup> group : byColumn.values()) {
      long count = group.stream().mapToLong(SuppressedGroup::count).sum();
      String listed =
          group.stream()
              .flatMap(g -> g.first().stream())
              .limit(MAX_DECISIONS_PER_MARKER)
              .map(f -> Html.seconds(f.timeMillis()) + " s: " + f.scenario())
              .collect(Collectors.joining("\n"));
      svg.append("<g class=\"marker suppressed\"><title>")
          .append(escape(count + " suppressed by cooldown (no request)\n" + listed))
          .append("</title><circle cx=\"")
          .append(coord(x(group.get(0).firstMillis())))
          .append("\" cy=\"")
          .append(coord(rowMiddle))
          .append("\" r=\"4\"/></g>\n");
    }
  }

  private void cross(double x, double y) {
    svg.append("<path d=\"M")
        .append(coord(x - 4))
        .append(',')
        .append(coord(y - 4))
        .append('L')
        .append(coord(x + 4))
        .append(',')
        .append(coord(y + 4))
        .append('M')
        .append(coord(x - 4))
        .append(',')
        .append(coord(y + 4))
        .append('L')
        .append(coord(x + 4))
        .append(',')
        .append(coord(y - 4))
        .append("\"/>");
  }

  /** The first decisions of a column's groups, and how many there were in all. */
  private static String tooltip(List<DecisionGroup> groups) {
    long count = groups.stream().mapToLong(DecisionGroup::count).sum();
    List<DecidedAction> first =
        groups.stream().flatMap(g -> g.first().stream()).limit(MAX_DECISIONS_PER_MARKER).toList();
    String listed = first.stream().map(TimelineSvg::describe).collect(Collectors.joining("\n\n"));
    if (count == 1) {
      return listed;
    }
    String more = count > first.size() ? "\n\n… and " + (count - first.size()) + " more" : "";
    return count + " decisions\n\n" + listed + more;
  }

  private static String describe(DecidedAction d) {
    return Html.seconds(d.timeMillis())
        + " s: "
        + d.decision().label()
        + "\nrule: "
        + Objects.toString(d.rule(), "")
        + "\nscenario: "
        + Objects.toString(d.scenario(), "")
        + "\naction: "
        + Objects.toString(d.action(), "")
        + "\ntarget: "
        + Objects.toString(d.target(), "")
        + "\ndecided by: "
        + Objects.toString(d.decidedBy(), "")
        + "\nreason: "
        + Objects.toString(d.reason(), "")
        + (d.params() == null || d.params().isEmpty()
            ? ""
            : "\nparams: " + Html.params(d.params()));
  }

  private void rect(String cssClass, double x, double y, double width, double height, String fill) {
    svg.append("<rect class=\"")
        .append(cssClass)
        .append("\" x=\"")
        .append(coord(x))
        .append("\" y=\"")
        .append(coord(y))
        .append("\" width=\"")
        .append(coord(width))
        .append("\" height=\"")
        .append(coord(height))
        .append(fill == null ? "" : "\" fill=\"" + fill)
        .append("\"/>");
  }

  private void label(double x, double y, String anchor, String cssClass, String text) {
    svg.append("<text x=\"")
        .append(coord(x))
        .append("\" y=\"")
        .append(coord(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append(cssClass == null ? "" : "\" class=\"" + cssClass)
        .append("\">")
        .append(escape(text))
        .append("</text>\n");
  }

  /** Tenths of a pixel are plenty and keep long paths short. */
  private static String coord(double v) {
    return Double.toString(Math.round(v * 10) / 10.0);
  }

  /** A value axis label: integers as they are, others to four significant digits. */
  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toString();
  }
}
