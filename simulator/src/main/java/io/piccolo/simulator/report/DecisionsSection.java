package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import io.piccolo.engine.DecidedAction;
import java.util.List;

/** The run's first decisions as a table, and how many there were in all. */
final class DecisionsSection {
  private DecisionsSection() {}

  static void render(StringBuilder html, ReportData data) {
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
        html.append("<td>").append(Badges.of(d.allowed())).append("</td>");
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
}
