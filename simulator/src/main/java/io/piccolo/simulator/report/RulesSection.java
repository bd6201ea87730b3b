package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import io.piccolo.simulator.replay.DecisionCounts;
import java.util.Comparator;
import java.util.Map;

/** Every rule with how often it fired: never-fired rules first, the ones an author must look at. */
final class RulesSection {
  private RulesSection() {}

  static void render(StringBuilder html, ReportData data) {
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
    firedByRule.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue() > 0)
                .thenComparing(Map.Entry::getValue, Comparator.reverseOrder())
                .thenComparing(Map.Entry::getKey))
        .forEach(e -> row(html, data, e.getKey(), e.getValue()));
    html.append("</table>\n</section>\n");
  }

  private static void row(StringBuilder html, ReportData data, String name, long fired) {
    DecisionCounts.Outcomes made =
        data.decisionsByRule().getOrDefault(name, new DecisionCounts.Outcomes(0, 0));
    RuleCatalog.Rule rule = data.catalog().rule(name);
    html.append(fired > 0 ? "<tr>" : "<tr class=\"never\">")
        .append("<td>")
        .append(escape(name))
        .append("</td><td>")
        .append(rule.kind().label)
        .append("</td><td>");
    Html.place(html, rule);
    html.append("</td><td class=\"num\">")
        .append(fired)
        .append("</td><td class=\"num\">")
        .append(made.allowed())
        .append("</td><td class=\"num\">")
        .append(made.denied())
        .append("</td><td>")
        .append(fired > 0 ? "fired" : "<span class=\"badge never\">never fired</span>")
        .append("</td></tr>\n");
  }
}
