package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import java.math.BigDecimal;
import java.math.MathContext;

/** SVG elements written into the page: the few shapes the timeline is drawn with. */
final class Svg {
  private final StringBuilder out;

  Svg(StringBuilder out) {
    this.out = out;
  }

  /** The page being written, for markup the shapes here do not cover. */
  StringBuilder out() {
    return out;
  }

  void rect(String cssClass, double x, double y, double width, double height, String fill) {
    out.append("<rect class=\"")
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

  void label(double x, double y, String anchor, String cssClass, String text) {
    out.append("<text x=\"")
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

  /** A vertical line at {@code x} from {@code y1} to {@code y2}; {@code open} opens the element. */
  void vertical(String open, String x, int y1, int y2) {
    out.append(open)
        .append(" x1=\"")
        .append(x)
        .append("\" y1=\"")
        .append(y1)
        .append("\" x2=\"")
        .append(x)
        .append("\" y2=\"")
        .append(y2)
        .append("\"/>");
  }

  /** A horizontal line across the plot at {@code y}; {@code open} opens the element. */
  void across(String open, double y) {
    String level = coord(y);
    out.append(open)
        .append(" x1=\"")
        .append(TimeAxis.LEFT)
        .append("\" y1=\"")
        .append(level)
        .append("\" x2=\"")
        .append(TimeAxis.LEFT + TimeAxis.PLOT_WIDTH)
        .append("\" y2=\"")
        .append(level)
        .append("\"/>");
  }

  /** An X of 8 by 8 pixels centred on {@code x}, {@code y}. */
  void cross(double x, double y) {
    out.append("<path d=\"M")
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

  /** Tenths of a pixel are plenty and keep long paths short. */
  static String coord(double v) {
    return Double.toString(Math.round(v * 10) / 10.0);
  }

  /** A value axis label: integers as they are, others to four significant digits. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toString();
  }
}
