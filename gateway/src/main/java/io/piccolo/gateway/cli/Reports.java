package io.piccolo.gateway.cli;

import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.replay.ReplayResult;
import io.piccolo.simulator.report.HtmlReport;
import io.piccolo.simulator.report.ReportCollector;
import io.piccolo.simulator.report.ReportData;
import io.piccolo.simulator.report.RuleCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Turns a finished replay into the HTML report. */
final class Reports {
  private Reports() {}

  static void write(
      Path file, String title, ReportCollector collector, RuleBase ruleBase, ReplayResult result) {
    ReportData data =
        collector.data(
            title,
            result.firedByRule(),
            result.decisions(),
            summary(ruleBase, result),
            RuleCatalog.of(ruleBase));
    try {
      HtmlReport.write(file, data);
    } catch (IOException e) {
      throw new UserError(
          UserError.BAD_INPUT,
          file
              + ": cannot write the report: "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    }
  }

  private static Map<String, String> summary(RuleBase ruleBase, ReplayResult r) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("signals processed", Long.toString(r.signalsProcessed()));
    s.put("simulated time", String.format(Locale.ROOT, "%.3f s", r.endMillis() / 1000.0));
    s.put("scenarios", Integer.toString(ruleBase.scenarios().size()));
    s.put("DRL rules", Integer.toString(ruleBase.drlRules().size()));
    s.put("rules fired", Long.toString(r.rulesFired()));
    s.put("actions allowed", Long.toString(r.allowed()));
    s.put("actions denied", Long.toString(r.denied()));
    s.put("suppressed by cooldown", Long.toString(r.suppressed()));
    s.put("wall time", String.format(Locale.ROOT, "%.0f ms", r.wallNanos() / 1e6));
    s.put("signals/s", String.format(Locale.ROOT, "%.0f", r.signalsPerSecond()));
    return s;
  }
}
