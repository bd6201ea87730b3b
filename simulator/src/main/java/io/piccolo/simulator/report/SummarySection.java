package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

/** The page's header: the run's title and its figures. */
final class SummarySection {
  private SummarySection() {}

  static void render(StringBuilder html, ReportData data) {
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
}
