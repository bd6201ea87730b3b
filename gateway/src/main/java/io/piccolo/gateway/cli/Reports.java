package io.piccolo.gateway.cli;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.replay.ReplayResult;
import io.piccolo.simulator.report.HtmlReport;
import io.piccolo.simulator.report.ReportData;
import io.piccolo.simulator.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a finished replay into the HTML report. */
final class Reports {
  private Reports() {}

  static void write(Path file, Trace trace, RuleBase ruleBase, ReplayResult result) {
    ReportData data =
        new ReportData(
            trace.name(),
            series(trace, result.endMillis()),
            result.decisions(),
            result.firedByRule(),
            summary(ruleBase, result));
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

  private static List<ReportData.SignalSeries> series(Trace trace, long end) {
    Map<String, List<Integer>> byPath = new LinkedHashMap<>();
    for (int i = 0; i < trace.size() && trace.time(i) <= end; i++) {
      byPath.computeIfAbsent(trace.path(i), p -> new ArrayList<>()).add(i);
    }
    List<ReportData.SignalSeries> out = new ArrayList<>();
    byPath.forEach(
        (path, indexes) -> {
          int n = indexes.size();
          long[] times = new long[n];
          double[] numbers = new double[n];
          String[] texts = new String[n];
          for (int k = 0; k < n; k++) {
            int i = indexes.get(k);
            times[k] = trace.time(i);
            numbers[k] = SignalValues.number(trace.value(i));
            texts[k] = SignalValues.text(trace.value(i));
          }
          out.add(new ReportData.SignalSeries(path, times, numbers, texts));
        });
    return out;
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
