package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.index.FiringListener.Firing;
import io.piccolo.engine.index.FiringListener.LeafTruth;
import io.piccolo.simulator.report.ReportData.ExplainedFiring;
import io.piccolo.simulator.report.ReportData.RuleFirings;
import java.util.List;

/**
 * Why each rule fired: per rule its first firings, each with what set it off (a sample, a {@code
 * for} timer, the start of the run, a change of working memory), every comparison's truth at that
 * instant or, for a DRL rule, the facts its match bound, and what came of it.
 */
final class FiringsSection {
  /** Rules with firings up to this many are shown unfolded. */
  private static final int OPEN_UP_TO = 10;

  private FiringsSection() {}

  static void render(StringBuilder html, ReportData data) {
    html.append("<section id=\"firings\">\n<h2>Firings</h2>\n");
    List<RuleFirings> rules = data.firings();
    if (rules.isEmpty()) {
      html.append("<p class=\"empty\">No rule fired.</p>\n</section>\n");
      return;
    }
    html.append("<p>Per rule its first ")
        .append(FiringLog.PER_RULE)
        .append(" firings (")
        .append(FiringLog.TOTAL)
        .append(" in all), each with what set it off and what every condition of a scenario was")
        .append(" at that instant (✓ true, ✗ false, as <code>rules check --explain</code> words")
        .append(" them). A DRL rule's firing gives the fact each pattern of its conditions matched")
        .append(" (a signal with its value and the time of that sample) and the change that made")
        .append(" the match.</p>\n");
    boolean open = rules.size() <= OPEN_UP_TO;
    for (RuleFirings r : rules) {
      rule(html, r, data, open);
    }
    html.append("</section>\n");
  }

  private static void rule(StringBuilder html, RuleFirings r, ReportData data, boolean open) {
    RuleCatalog.Rule rule = data.catalog().rule(r.rule());
    long fired = data.firedByRule().getOrDefault(r.rule(), 0L);
    html.append(open ? "<details class=\"rule\" open=\"open\">" : "<details class=\"rule\">")
        .append("<summary><strong>")
        .append(escape(r.rule()))
        .append("</strong> <span class=\"badge kind\">")
        .append(rule.kind().label)
        .append("</span> ");
    Html.place(html, rule);
    html.append(" · fired ").append(fired);
    if (r.suppressed() > 0) {
      html.append(", ").append(r.suppressed()).append(" suppressed by cooldown");
    }
    html.append(" · ").append(r.listed().size()).append(" listed");
    if (r.unlisted() > 0) {
      html.append(", ").append(r.unlisted()).append(" more not listed");
    }
    html.append("</summary>\n<table class=\"firings\">\n<tr><th>time (s)</th><th>set off by</th>")
        .append("<th>conditions at that instant</th><th>outcome</th><th>params</th></tr>\n");
    for (ExplainedFiring f : r.listed()) {
      boolean suppressed = f.firing() != null && f.firing().suppressed();
      html.append(suppressed ? "<tr class=\"suppressed\">" : "<tr>")
          .append("<td class=\"num\">")
          .append(Html.seconds(f.timeMillis()))
          .append("</td><td>")
          .append(escape(f.drl() != null ? DrlFiringCells.cause(f.drl()) : cause(f.firing())))
          .append("</td><td>");
      if (f.drl() != null) {
        DrlFiringCells.facts(html, f.drl(), rule);
      } else {
        conditions(html, f.firing());
      }
      html.append("</td><td>");
      outcome(html, f, suppressed);
      html.append("</td><td>");
      for (DecidedAction d : f.decisions()) {
        html.append("<div>").append(escape(Html.params(d.params()))).append("</div>");
      }
      html.append("</td></tr>\n");
    }
    html.append("</table>\n</details>\n");
  }

  private static String cause(Firing f) {
    if (f == null) {
      return "a Drools match";
    }
    return switch (f.cause()) {
      case START -> "the start of the run (or when it was loaded)";
      case SAMPLE -> "a sample of " + f.triggerPath();
      case STALE -> "staleness: no sample of " + f.triggerPath() + " for its duration";
      case TIMER ->
          f.triggerPath() == null
              ? "timer: a group's duration ran out"
              : "timer: " + f.triggerPath() + " held for its duration";
    };
  }

  private static void conditions(StringBuilder html, Firing f) {
    if (f == null) {
      html.append("<span class=\"muted\">in the DRL file</span>");
      return;
    }
    if (f.leaves().isEmpty()) {
      html.append("<span class=\"muted\">none: fires once, at the start</span>");
      return;
    }
    html.append("<ul class=\"leaves\">");
    for (LeafTruth leaf : f.leaves()) {
      html.append(leaf.holds() ? "<li class=\"holds\">✓ " : "<li class=\"fails\">✗ ")
          .append(escape(leaf.summary()))
          .append(" <span class=\"muted\">(")
          .append(
              leaf.value() == null
                  ? "no sample yet"
                  : "last sample " + escape(SignalValues.text(leaf.value())))
          .append(")</span></li>");
    }
    html.append("</ul>");
  }

  private static void outcome(StringBuilder html, ExplainedFiring f, boolean suppressed) {
    if (suppressed) {
      html.append(Badges.SUPPRESSED).append(" no request");
      return;
    }
    if (f.decisions().isEmpty()) {
      boolean none = f.drl() != null && f.drl().requests() == 0;
      html.append(
          none
              ? "<span class=\"muted\">no request made</span>"
              : "<span class=\"muted\">no request decided</span>");
    }
    for (DecidedAction d : f.decisions()) {
      html.append("<div>")
          .append(Badges.of(d.allowed()))
          .append(' ')
          .append(escape(d.action()))
          .append(" → ")
          .append(escape(d.target()))
          .append(d.allowed() ? ", allowed by " : ", denied by ")
          .append(escape(d.decidedBy()));
      String verdict = (d.allowed() ? "allowed by " : "denied by ");
      if (d.reason() != null && !d.reason().startsWith(verdict)) {
        html.append(": ").append(escape(d.reason())); // "allowed by default" says nothing more
      }
      html.append("</div>");
    }
  }
}
