package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.index.FiringListener.BoundFact;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Trigger;

/**
 * A DRL rule's firing in the firings table: the change of working memory that made its match, and
 * the fact each of its patterns bound.
 */
final class DrlFiringCells {
  private DrlFiringCells() {}

  /** What set it off, in words: {@code a sample of Vehicle.Speed}, {@code an insert of ...}. */
  static String cause(DrlFiring f) {
    Trigger t = f.trigger();
    if (t == null) {
      return "a Drools match";
    }
    String fact = t.fact() == null ? "a fact" : text(t.fact());
    String by = t.byRule() == null ? "" : " by rule " + t.byRule();
    boolean sample = t.fact() != null && t.fact().path() != null && t.byRule() == null;
    return switch (t.change()) {
      case INSERT -> sample ? "a sample of " + t.fact().path() : "an insert of " + fact + by;
      case UPDATE -> sample ? "a sample of " + t.fact().path() : "an update of " + fact + by;
      case DELETE -> "the deletion of " + fact + by;
      case EXPIRY -> "the expiry of " + fact;
      case RULES_ADDED -> "rules loaded: the match held already";
    };
  }

  /** Where the rule's conditions are, then each bound fact. */
  static void facts(StringBuilder html, DrlFiring f, RuleCatalog.Rule rule) {
    html.append("<div class=\"muted\">conditions at ");
    Html.place(html, rule);
    html.append("; the facts they matched:</div>");
    if (f.facts().isEmpty()) {
      html.append("<span class=\"muted\">none bound (not, exists or eval patterns)</span>");
      return;
    }
    html.append("<ul class=\"facts\">");
    for (BoundFact fact : f.facts()) {
      html.append("<li>").append(escape(text(fact)));
      if (fact.path() != null) {
        html.append(" <span class=\"muted\">(sample at ")
            .append(Html.seconds(fact.timeMillis()))
            .append(" s)</span>");
      }
      html.append("</li>");
    }
    html.append("</ul>");
  }

  /** {@code Signal Vehicle.Speed = 131}, {@code PackageState name=video-player, state=running}. */
  static String text(BoundFact fact) {
    if (fact.path() != null) {
      return fact.type() + " " + fact.path() + " = " + SignalValues.text(fact.value());
    }
    StringBuilder out = new StringBuilder(fact.type());
    String sep = " ";
    for (var key : fact.keys().entrySet()) {
      out.append(sep).append(key.getKey()).append('=').append(SignalValues.text(key.getValue()));
      sep = ", ";
    }
    return out.toString();
  }
}
