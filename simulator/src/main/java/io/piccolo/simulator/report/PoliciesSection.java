package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import java.util.Map;

/**
 * What decided the requests: each policy rule with the requests it allowed and denied, and the
 * default for those no policy decided. Policies are DRL rules that decide, not scenarios that ask.
 */
final class PoliciesSection {
  private PoliciesSection() {}

  static void render(StringBuilder html, ReportData data) {
    html.append("<section id=\"policies\">\n<h2>Policies</h2>\n");
    Map<String, ReportData.Decider> deciders = data.deciders();
    long policies =
        data.catalog().rules().values().stream()
            .filter(r -> r.kind() == RuleCatalog.Kind.POLICY)
            .count();
    if (deciders.isEmpty() && policies == 0) {
      html.append("<p class=\"empty\">No policies and no decisions.</p>\n</section>\n");
      return;
    }
    html.append("<p>Who decided each request: a policy rule that allowed or denied it (a request")
        .append(" several policies decided counts for each), or <code>default</code> when none")
        .append(" did. A deny wins over any allow.</p>\n")
        .append("<table>\n<tr><th>decided by</th><th>kind</th><th>written at</th>")
        .append("<th>allowed</th><th>denied</th></tr>\n");
    ReportData.Decider none = new ReportData.Decider(0, 0);
    data.catalog().rules().values().stream()
        .filter(r -> r.kind() == RuleCatalog.Kind.POLICY && !deciders.containsKey(r.name()))
        .forEach(r -> row(html, r.name(), none, data));
    deciders.forEach((name, counts) -> row(html, name, counts, data));
    html.append("</table>\n</section>\n");
  }

  private static void row(StringBuilder html, String name, ReportData.Decider c, ReportData data) {
    boolean isDefault = name.equals("default") && !data.catalog().rules().containsKey(name);
    RuleCatalog.Rule rule = data.catalog().rule(name);
    html.append(c.denied() > 0 ? "<tr class=\"denied\">" : "<tr>")
        .append("<td>")
        .append(escape(name))
        .append("</td><td>")
        .append(isDefault ? "the default decision" : rule.kind().label)
        .append("</td><td>");
    if (isDefault) {
      html.append("<span class=\"muted\">setting evaluation.default-decision</span>");
    } else {
      Html.place(html, rule);
    }
    html.append("</td><td class=\"num\">")
        .append(c.allowed())
        .append("</td><td class=\"num\">")
        .append(c.denied())
        .append("</td></tr>\n");
  }
}
