package io.piccolo.gateway.serve;

import io.piccolo.engine.CarryOver;
import io.piccolo.engine.rulebase.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;

/** A reload as the event stream, the API and the log tell it. */
final class ReloadJson {
  private ReloadJson() {}

  static JsonObject of(RuleReloads.Outcome o) {
    JsonObject json =
        new JsonObject()
            .put("result", o.ok() ? "ok" : "failed")
            .put("trigger", o.trigger().label())
            .put("files", new JsonArray(List.copyOf(o.files())))
            .put("problems", problems(o.problems()))
            .put("durationMillis", o.millis());
    if (o.ruleBase() != null) {
      json.put("scenarios", o.ruleBase().scenarios().size())
          .put("drlRules", o.ruleBase().drlRules().size())
          .put("drlPackagesKept", o.ruleBase().reusedPackages());
    }
    if (o.carried() != null) {
      CarryOver c = o.carried();
      json.put(
          "carriedOver",
          new JsonObject()
              .put("signals", c.signals())
              .put("signalEvents", c.signalEvents())
              .put("stateFacts", c.stateFacts())
              .put("declaredFacts", c.declaredFacts())
              .put("scenariosContinued", c.scenariosContinued())
              .put("scenariosStarted", c.scenariosStarted()));
      JsonArray dropped = new JsonArray();
      for (CarryOver.Dropped d : c.dropped()) {
        dropped.add(
            new JsonObject()
                .put("type", d.type())
                .put("facts", d.facts())
                .put("reason", d.reason()));
      }
      json.put("dropped", dropped);
    }
    return json;
  }

  static JsonArray problems(List<Problem> problems) {
    JsonArray out = new JsonArray();
    for (Problem p : problems) {
      out.add(
          new JsonObject()
              .put("file", p.file())
              .put("line", Math.max(p.line(), 1))
              .put("column", Math.max(p.column(), 1))
              .put("severity", p.isError() ? "error" : "warning")
              .put("message", p.message())
              .put("text", p.toString()));
    }
    return out;
  }

  /** One line for the server's log, then one line per problem. */
  static String logLine(RuleReloads.Outcome o) {
    String files = String.join(", ", o.files());
    if (!o.ok()) {
      return "piccolo serve: rules not reloaded ("
          + files
          + "); the running rules stay:\n"
          + o.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
    CarryOver c = o.carried();
    StringBuilder line =
        new StringBuilder("piccolo serve: rules reloaded (")
            .append(files)
            .append(") in ")
            .append(o.millis())
            .append(" ms: ")
            .append(o.ruleBase().scenarios().size())
            .append(" scenario(s), ")
            .append(o.ruleBase().drlRules().size())
            .append(" DRL rule(s); carried over ")
            .append(c.signals())
            .append(" signal(s), ")
            .append(c.signalEvents())
            .append(" event(s), ")
            .append(c.stateFacts())
            .append(" state fact(s), ")
            .append(c.declaredFacts())
            .append(" declared fact(s), ")
            .append(c.scenariosContinued())
            .append(" running scenario(s)");
    for (CarryOver.Dropped d : c.dropped()) {
      line.append("; dropped ")
          .append(d.facts())
          .append(" ")
          .append(d.type())
          .append(" fact(s): ")
          .append(d.reason());
    }
    for (Problem p : o.problems()) {
      line.append("\n").append(p);
    }
    return line.toString();
  }
}
