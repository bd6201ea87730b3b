package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import io.piccolo.engine.DecidedAction;
import io.piccolo.simulator.replay.DecisionCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;

/**
 * Renders a run as one self-contained HTML page: summary, a timeline of every signal with the
 * decisions, suppressed firings and condition thresholds marked on it, each rule's first firings
 * explained, what each policy decided, the first decisions and how often each rule fired.
 *
 * <p>The page has no scripts and no external resources (firings fold with {@code <details>}), so it
 * opens from disk anywhere. Plots are inline SVG ({@link TimelineSvg}) drawn from downsampled data
 * ({@link SignalBuckets}), so the file stays small however long the trace is. The markup is also
 * well-formed XML.
 */
public final class HtmlReport {
  static final String ALLOWED_BADGE = "<span class=\"badge allowed\">● allowed</span>";
  static final String DENIED_BADGE = "<span class=\"badge denied\">✕ denied</span>";
  static final String SUPPRESSED_BADGE =
      "<span class=\"badge suppressed\">○ suppressed by cooldown</span>";

  private HtmlReport() {}

  /** The whole page. */
  public static String render(ReportData data) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>")
        .append(escape(data.title()))
        .append("</title>\n<style>\n")
        .append(ReportStyle.CSS)
        .append("</style>\n</head>\n<body>\n");
    header(html, data);
    timeline(html, data);
    FiringsSection.render(html, data);
    PoliciesSection.render(html, data);
    decisions(html, data);
    rules(html, data);
    return html.append("</body>\n</html>\n").toString();
  }

  /** Renders the page into {@code out} (UTF-8). */
  public static void write(Path out, ReportData data) throws IOException {
    Files.writeString(out, render(data), StandardCharsets.UTF_8);
  }

  private static void header(StringBuilder html, ReportData data) {
    html.append("<header>\n<h1>").append(escape(data.title())).append("</h1>\n");
    if (data.summary().isEmpty()) {
      html.append("<p class=\"empty\">No summary figures.</p>\n");
    } else {
      html.append("<table class=\"summary\">\n");
      data.summary()
          .forEach(
              (label, value) ->
                  html.append("<tr><th>")
                      .append(escape(label))
                      .append("</th><td>")
                      .append(escape(value))
                      .append("</td></tr>\n"));
      html.append("</table>\n");
    }
    html.append("</header>\n");
  }

  private static void timeline(StringBuilder html, ReportData data) {
    html.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    if (data.signals().isEmpty()) {
      html.append("<p class=\"empty\">No signals in this trace.</p>\n");
    }
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
    if (times.getCount() == 0) {
      html.append("<p class=\"empty\">Nothing to plot: no samples and no decisions.</p>\n");
    } else {
      html.append("<p>")
          .append(ALLOWED_BADGE)
          .append(' ')
          .append(DENIED_BADGE)
          .append(' ')
          .append(SUPPRESSED_BADGE)
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

  private static void decisions(StringBuilder html, ReportData data) {
    List<DecidedAction> listed = data.firstDecisions();
    html.append("<section id=\"decisions\">\n<h2>Decisions (")
        .append(data.decisionCount())
        .append(")</h2>\n");
    if (data.decisionCount() == 0) {
      html.append("<p class=\"empty\">No decisions.</p>\n</section>\n");
      return;
    }
    if (!listed.isEmpty()) {
      html.append("<table>\n<tr><th>time (s)</th><th>scenario</th><th>rule</th><th>action</th>")
          .append("<th>target</th><th>params</th><th>decision</th><th>decided by</th>")
          .append("<th>reason</th></tr>\n");
      for (DecidedAction d : listed) {
        html.append(d.allowed() ? "<tr>" : "<tr class=\"denied\">")
            .append("<td class=\"num\">")
            .append(Html.seconds(d.timeMillis()))
            .append("</td>");
        cells(html, d.scenario(), d.rule(), d.action(), d.target(), Html.params(d.params()));
        html.append("<td>").append(d.allowed() ? ALLOWED_BADGE : DENIED_BADGE).append("</td>");
        cells(html, d.decidedBy(), d.reason());
        html.append("</tr>\n");
      }
      html.append("</table>\n");
    }
    if (data.decisionCount() > listed.size()) {
      // the timeline still marks every decision; the JSON lines output lists them all
      html.append("<p class=\"empty\">The first ")
          .append(listed.size())
          .append(" of ")
          .append(data.decisionCount())
          .append(" decisions (setting report.decision-rows); the JSON output of simulate lists")
          .append(" every one, and the rules table counts them all.</p>\n");
    }
    html.append("</section>\n");
  }

  private static void cells(StringBuilder html, String... texts) {
    for (String text : texts) {
      html.append("<td>").append(escape(text)).append("</td>");
    }
  }

  /** Never-fired rules first, highlighted: those are the ones an author has to look at. */
  private static void rules(StringBuilder html, ReportData data) {
    Map<String, Long> firedByRule = data.firedByRule();
    html.append("<section id=\"rules\">\n<h2>Rules</h2>\n");
    if (firedByRule.isEmpty()) {
      html.append("<p class=\"empty\">No rules.</p>\n</section>\n");
      return;
    }
    long never = firedByRule.values().stream().filter(n -> n == 0).count();
    html.append("<p>")
        .append(firedByRule.size())
        .append(" rules, <strong>")
        .append(never)
        .append(" never fired</strong> (listed first). Allowed and denied count the requests")
        .append(" each rule made.</p>\n")
        .append("<table>\n<tr><th>rule</th><th>kind</th><th>written at</th><th>fired</th>")
        .append("<th>allowed</th><th>denied</th><th>status</th></tr>\n");
    DecisionCounts.Outcomes none = new DecisionCounts.Outcomes(0, 0);
    firedByRule.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue() > 0)
                .thenComparing(Map.Entry::getValue, Comparator.reverseOrder())
                .thenComparing(Map.Entry::getKey))
        .forEach(
            e -> {
              DecisionCounts.Outcomes made = data.decisionsByRule().getOrDefault(e.getKey(), none);
              RuleCatalog.Rule rule = data.catalog().rule(e.getKey());
              html.append(e.getValue() > 0 ? "<tr>" : "<tr class=\"never\">")
                  .append("<td>")
                  .append(escape(e.getKey()))
                  .append("</td><td>")
                  .append(rule.kind().label)
                  .append("</td><td>");
              Html.place(html, rule);
              html.append("</td><td class=\"num\">")
                  .append(e.getValue())
                  .append("</td><td class=\"num\">")
                  .append(made.allowed())
                  .append("</td><td class=\"num\">")
                  .append(made.denied())
                  .append("</td><td>")
                  .append(
                      e.getValue() > 0 ? "fired" : "<span class=\"badge never\">never fired</span>")
                  .append("</td></tr>\n");
            });
    html.append("</table>\n</section>\n");
  }
}
