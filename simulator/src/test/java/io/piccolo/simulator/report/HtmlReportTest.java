package io.piccolo.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.Decision;
import io.piccolo.simulator.replay.DecisionCounts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HtmlReportTest {

  private static final String EVIL_RULE = "<script>alert('x')</script> & \"co\"";

  /** A report as a replay makes it: samples and decisions through the collector. */
  private static ReportData report(
      String title,
      ReportCollector collector,
      List<DecidedAction> decisions,
      Map<String, Long> fired,
      Map<String, String> summary) {
    DecisionCounts counts = new DecisionCounts();
    decisions.forEach(counts::count);
    decisions.forEach(d -> collector.decided(List.of(d)));
    return collector.data(title, fired, counts, summary, RuleCatalog.EMPTY);
  }

  private static ReportData small() {
    ReportCollector collector = new ReportCollector(2000);
    long[] times = {0, 1_000, 2_000, 3_000};
    double[] speeds = {0, 50, 130, 90};
    collector.sample(0, "Vehicle.Speed", 0.0);
    collector.sample(0, "Vehicle.Powertrain.Transmission.SelectedGear", "PARK");
    for (int i = 1; i < times.length; i++) {
      collector.sample(times[i], "Vehicle.Speed", speeds[i]);
      if (i == 2) {
        collector.sample(2_500, "Vehicle.Powertrain.Transmission.SelectedGear", "DRIVE");
      }
    }
    DecidedAction allowed =
        new DecidedAction(
            1_500,
            "launch",
            EVIL_RULE,
            "start",
            "highway-assist",
            Map.of(),
            Decision.ALLOWED,
            "default",
            "no policy objected");
    DecidedAction denied =
        new DecidedAction(
            2_750,
            "unlock",
            "door-unlock",
            "unlock",
            "doors",
            Map.of(),
            Decision.DENIED,
            "safety-policy",
            "vehicle moving > 5 km/h");
    Map<String, Long> fired = new LinkedHashMap<>();
    fired.put(EVIL_RULE, 1L);
    fired.put("door-unlock", 1L);
    fired.put("wiper-on-rain", 0L);
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("Signals processed", "6");
    summary.put("Decisions", "2");
    return report("wltc-class3b.csv", collector, List.of(allowed, denied), fired, summary);
  }

  /** The element that starts at the first occurrence of {@code marker}, up to {@code end}. */
  private static String element(String html, String marker, String end) {
    int from = html.indexOf(marker);
    assertTrue(from >= 0, "missing " + marker);
    return html.substring(from, html.indexOf(end, from));
  }

  @Test
  void showsTitleSummaryAndSignalPaths() {
    String html = HtmlReport.render(small());
    assertTrue(html.contains("<title>wltc-class3b.csv</title>"));
    assertTrue(html.contains("<h1>wltc-class3b.csv</h1>"));
    assertTrue(html.contains("<tr><th>Signals processed</th><td>6</td></tr>"));
    assertTrue(html.contains(">Vehicle.Speed<"));
    assertTrue(html.contains(">Vehicle.Powertrain.Transmission.SelectedGear<"));
    // the text signal is a band of its values, not a line
    assertTrue(html.contains(">PARK</text>"));
    assertTrue(html.contains(">DRIVE</text>"));
    assertEquals(1, html.split("class=\"line\"", -1).length - 1);
  }

  @Test
  void escapesUserTextEverywhere() {
    String html = HtmlReport.render(small());
    String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;";
    assertTrue(html.contains("<td>" + escaped + "</td>"), "decision and rule tables");
    assertTrue(html.contains("rule: " + escaped), "marker tooltip");
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"));
    assertTrue(html.contains("vehicle moving &gt; 5 km/h"));
  }

  @Test
  void marksAllowedAndDeniedDecisionsWithTheirDetails() {
    String html = HtmlReport.render(small());
    String allowed = element(html, "<g class=\"marker allowed\">", "</g>");
    assertTrue(allowed.contains("<circle"));
    assertTrue(allowed.contains("<title>1.500 s: allowed\nrule: &lt;script&gt;"));
    assertTrue(allowed.contains("scenario: launch\naction: start\ntarget: highway-assist"));
    assertTrue(allowed.contains("decided by: default\nreason: no policy objected</title>"));
    String denied = element(html, "<g class=\"marker denied\">", "</g>");
    assertTrue(denied.contains("<path"), "a cross, not only another colour");
    assertTrue(denied.contains("<title>2.750 s: denied\nrule: door-unlock\nscenario: unlock"));
    assertTrue(denied.contains("decided by: safety-policy\nreason: vehicle moving &gt; 5 km/h"));
    assertTrue(html.contains("<line class=\"guide allowed\""));
    assertTrue(html.contains("<line class=\"guide denied\""));
    String table = html.substring(html.indexOf("<section id=\"decisions\">"));
    String deniedRow = element(table, "<tr class=\"denied\">", "</tr>");
    assertTrue(deniedRow.contains("<td class=\"num\">2.750</td><td>unlock</td><td>door-unlock"));
    assertTrue(deniedRow.contains("<td>safety-policy</td>"));
  }

  @Test
  void listsNeverFiredRulesFirstAndMarked() {
    String html = HtmlReport.render(small());
    String rules = html.substring(html.indexOf("<section id=\"rules\">"));
    assertTrue(rules.contains("3 rules, <strong>1 never fired</strong>"));
    String never = element(rules, "<tr class=\"never\">", "</tr>");
    assertTrue(never.contains("<td>wiper-on-rain</td><td>DRL rule</td>"), never);
    assertTrue(never.contains("<td class=\"num\">0</td>"));
    assertTrue(never.contains("never fired"));
    assertTrue(rules.indexOf("wiper-on-rain") < rules.indexOf("door-unlock"));
    String fired = element(rules, "<tr><td>door-unlock</td>", "</tr>");
    assertFalse(fired.contains("never"));
  }

  @Test
  void isSelfContainedAndWellFormed() throws Exception {
    String html = HtmlReport.render(small());
    assertFalse(html.contains("http://"));
    assertFalse(html.contains("https://"));
    assertFalse(html.contains(" src="));
    assertFalse(html.contains("<link"));
    Document page =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, page.getElementsByTagName("svg").getLength());
  }

  @Test
  void rendersAValidPageWhenThereIsNothing() throws Exception {
    String html =
        HtmlReport.render(
            report("empty run", new ReportCollector(10), List.of(), Map.of(), Map.of()));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.endsWith("</html>\n"));
    assertTrue(html.contains("No signals in this trace."));
    assertTrue(html.contains("Nothing to plot"));
    assertTrue(html.contains("No decisions."));
    assertTrue(html.contains("No rules."));
    assertFalse(html.contains("<svg"));
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void downsamplesAMillionSamplesToASmallPage() {
    int n = 1_000_000;
    ReportCollector collector = new ReportCollector(2000);
    for (int i = 0; i < n; i++) {
      double speed = i == 123_456 ? 1_000 : Math.sin(i / 5_000.0) * 100 + (i % 7);
      collector.sample(i * 10L, "Vehicle.Speed", speed); // a one-sample spike must survive
      collector.sample(i * 10L, "Vehicle.State", "state-" + (i % 3));
    }
    ReportData data = report("long drive", collector, List.of(), Map.of(), Map.of());
    String html = HtmlReport.render(data);
    assertTrue(html.getBytes(StandardCharsets.UTF_8).length < 1_000_000, "" + html.length());
    assertTrue(html.contains(">Vehicle.Speed<"));
    assertTrue(html.contains(">Vehicle.State<"));
    assertTrue(html.contains(">1000</text>"), "the spike sets the top of the value range");
    String path = element(html, "<path class=\"line\" d=\"", "\"/>");
    long points = path.chars().filter(c -> c == 'V').count();
    assertTrue(points <= 4 * 1000, "at most four points per pixel column: " + points);
  }

  @Test
  void writesTheRenderedPage(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("report.html");
    HtmlReport.write(out, small());
    assertEquals(HtmlReport.render(small()), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void listsAtMostTwoThousandDecisionsInTheTable() {
    List<DecidedAction> many = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      many.add(
          new DecidedAction(
              i, "level", "level", "update", "t", Map.of(), Decision.ALLOWED, "default", "ok"));
    }
    String html =
        HtmlReport.render(
            report("busy", new ReportCollector(2000), many, Map.of("level", 5_000L), Map.of()));
    String table = element(html, "<section id=\"decisions\">", "</section>");
    assertEquals(2000 + 1, table.split("<tr").length - 1);
    assertTrue(
        table.contains("The first 2000 of 5000 decisions"), table.substring(table.length() - 300));
  }

  @Test
  void controlCharactersInRuleTextKeepThePageWellFormed() throws Exception {
    DecidedAction odd =
        new DecidedAction(
            0, "s", "r", "launch", "t", Map.of(), Decision.DENIED, "p", "nul\u0000 and bell\u0007");
    String html =
        HtmlReport.render(report("odd", new ReportCollector(10), List.of(odd), Map.of(), Map.of()));
    assertTrue(html.contains("nul\uFFFD and bell\uFFFD"));
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }
}
