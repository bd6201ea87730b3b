package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;
import static io.piccolo.simulator.report.Svg.coord;

import io.piccolo.engine.DecidedAction;
import io.piccolo.simulator.report.ReportData.DecisionGroup;
import io.piccolo.simulator.report.ReportData.SuppressedGroup;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The decision lane's markers, one per pixel column and row: allowed dots and denied crosses with a
 * guide line down across the plots, and hollow rings for firings the cooldown suppressed. Each
 * marker's tooltip lists what it stands for.
 */
final class LaneMarkers {
  private static final int MAX_LISTED = DecisionBuckets.LISTED;

  private final Svg svg;
  private final TimeAxis axis;
  private final int laneTop;
  private final int rowHeight;

  /**
   * @param laneTop where the lane's first row (allowed) starts; denied and suppressed follow
   */
  LaneMarkers(Svg svg, TimeAxis axis, int laneTop, int rowHeight) {
    this.svg = svg;
    this.axis = axis;
    this.laneTop = laneTop;
    this.rowHeight = rowHeight;
  }

  private <G> Map<Integer, List<G>> byColumn(List<G> groups, ToLongFunction<G> first) {
    return groups.stream()
        .collect(
            Collectors.groupingBy(
                g -> axis.column(first.applyAsLong(g)), TreeMap::new, Collectors.toList()));
  }

  /** Allowed or denied decisions, with guide lines from the lane down to {@code guideEnd}. */
  void decisions(List<DecisionGroup> groups, boolean allowed, int guideEnd) {
    List<DecisionGroup> ofKind = groups.stream().filter(g -> g.allowed() == allowed).toList();
    String kind = allowed ? "allowed" : "denied";
    double rowMiddle = laneTop + (allowed ? 0.5 : 1.5) * rowHeight;
    for (List<DecisionGroup> group : byColumn(ofKind, DecisionGroup::firstMillis).values()) {
      double at = axis.x(group.get(0).firstMillis());
      String x = coord(at);
      svg.vertical("<line class=\"guide " + kind + "\"", x, laneTop + 3 * rowHeight, guideEnd);
      svg.out()
          .append("\n<g class=\"marker ")
          .append(kind)
          .append("\"><title>")
          .append(escape(tooltip(group)))
          .append("</title>");
      if (allowed) {
        svg.out()
            .append("<circle cx=\"")
            .append(x)
            .append("\" cy=\"")
            .append(coord(rowMiddle))
            .append("\" r=\"5\"/>");
      } else {
        svg.cross(at, rowMiddle);
      }
      svg.out().append("</g>\n");
    }
  }

  /** Firings the cooldown suppressed: a hollow ring in their own row, no guide line. */
  void suppressed(List<SuppressedGroup> groups) {
    double rowMiddle = laneTop + 2.5 * rowHeight;
    for (List<SuppressedGroup> group : byColumn(groups, SuppressedGroup::firstMillis).values()) {
      long count = group.stream().mapToLong(SuppressedGroup::count).sum();
      String listed =
          group.stream()
              .flatMap(g -> g.first().stream())
              .limit(MAX_LISTED)
              .map(f -> Html.seconds(f.timeMillis()) + " s: " + f.scenario())
              .collect(Collectors.joining("\n"));
      svg.out()
          .append("<g class=\"marker suppressed\"><title>")
          .append(escape(count + " suppressed by cooldown (no request)\n" + listed))
          .append("</title><circle cx=\"")
          .append(coord(axis.x(group.get(0).firstMillis())))
          .append("\" cy=\"")
          .append(coord(rowMiddle))
          .append("\" r=\"4\"/></g>\n");
    }
  }

  /** The first decisions of a column's groups, and how many there were in all. */
  private static String tooltip(List<DecisionGroup> groups) {
    long count = groups.stream().mapToLong(DecisionGroup::count).sum();
    List<DecidedAction> first =
        groups.stream().flatMap(g -> g.first().stream()).limit(MAX_LISTED).toList();
    String listed = first.stream().map(LaneMarkers::describe).collect(Collectors.joining("\n\n"));
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
}
