package io.piccolo.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The report of a real replay explains each firing, suppression, policy and threshold. */
class ExplainedReportTest {

  private static String section(String html, String id) {
    int from = html.indexOf("<section id=\"" + id + "\">");
    assertTrue(from >= 0, "no section " + id);
    return html.substring(from, html.indexOf("</section>", from));
  }

  private static String rowWith(String html, String text) {
    int at = html.indexOf(text);
    assertTrue(at >= 0, "missing " + text);
    return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
  }

  @Test
  void aTimerFiringShowsItsConditionItsParamsAndItsDecision() throws Exception {
    String firings = section(HtmlReport.render(ExplainedRun.data()), "firings");
    // above 120 from 1 s, held for 10 s: the timer fires at 11 s
    String row = rowWith(firings, "<td class=\"num\">11.000</td>");
    assertTrue(row.contains("timer: Vehicle.Speed held for its duration"), row);
    assertTrue(
        row.contains("<li class=\"holds\">✓ Vehicle.Speed: number &gt; 120, held for 10s"), row);
    assertTrue(row.contains("last sample 133"), row);
    assertTrue(row.contains("launch → highway-assist, allowed by default"), row);
    assertTrue(row.contains("<div>mode=sport</div>"), row);
    Matcher link =
        Pattern.compile("<a class=\"place\" href=\"(file:/[^\"]*)\"><code>rules/driving.yaml:2:1<")
            .matcher(firings);
    assertTrue(link.find(), "a file: link with the place as its text");
    assertTrue(link.group(1).endsWith("/rules/driving.yaml"), link.group(1));
  }

  @Test
  void aSampleFiringNamesItsSignalAndEveryConditionsTruth() throws Exception {
    String firings = section(HtmlReport.render(ExplainedRun.data()), "firings");
    String row = rowWith(firings, "a sample of Vehicle.Cabin.Infotainment.Media.Played.Action");
    assertTrue(row.contains("<td class=\"num\">2.000</td>"), row);
    assertTrue(row.contains("✓ Vehicle.Cabin.Infotainment.Media.Played.Action"), row);
    assertTrue(row.contains("✓ Vehicle.Speed: number &gt;= 0"), row);
    assertTrue(
        row.contains("denied by no video while moving: vehicle is moving"), "the policy by name");
  }

  @Test
  void cooldownSuppressionsAreMarkedApartFromDecisions() throws Exception {
    String html = HtmlReport.render(ExplainedRun.data());
    // level, > 100 at 1, 3, 4, 9 and 30 s with a 5 s cooldown: fires at 1, 9 and 30; 3 and 4 are
    // suppressed
    String firings = section(html, "firings");
    String suppressed = rowWith(firings, "<tr class=\"suppressed\"><td class=\"num\">3.000</td>");
    assertTrue(suppressed.contains("suppressed by cooldown</span> no request"), suppressed);
    assertTrue(firings.contains("fired 3, 2 suppressed by cooldown"), firings);
    assertTrue(
        html.contains(
            "<g class=\"marker suppressed\"><title>1 suppressed by cooldown (no request)\n"
                + "3.000 s: speeding-chime</title><circle"));
    assertTrue(html.contains("(no request)\n4.000 s: speeding-chime</title>"));
    assertEquals(2, html.split("class=\"marker suppressed\"", -1).length - 1);
  }

  @Test
  void policiesAreToldApartFromScenarios() throws Exception {
    String html = HtmlReport.render(ExplainedRun.data());
    String policies = section(html, "policies");
    String denier = rowWith(policies, "<td>no video while moving</td>");
    assertTrue(denier.contains("<td>policy</td>"), denier);
    assertTrue(denier.contains("rules/policy.drl:4</code>"), denier);
    assertTrue(denier.contains("<td class=\"num\">0</td><td class=\"num\">1</td>"), denier);
    String byDefault = rowWith(policies, "<td>default</td>");
    assertTrue(byDefault.contains("the default decision"), byDefault);
    String rules = section(html, "rules");
    assertTrue(rowWith(rules, "<td>video-on-play</td>").contains("<td>scenario</td>"));
    assertTrue(rowWith(rules, "<td>no video while moving</td>").contains("<td>policy</td>"));
  }

  @Test
  void thresholdsAreDashedLabelledLinesOnTheirSignal() throws Exception {
    String html = HtmlReport.render(ExplainedRun.data());
    assertTrue(
        html.contains("<g class=\"threshold\"><title>threshold &gt; 120 (sustained-high-speed)"));
    assertTrue(html.contains(">&gt; 100 (speeding-chime)</text>"));
    assertTrue(html.contains(">&gt;= 0 (video-on-play)</text>"));
  }

  @Test
  void theLastSampleIsDrawnInsideThePlot() throws Exception {
    String html = HtmlReport.render(ExplainedRun.data());
    Matcher last =
        Pattern.compile(
                "<circle class=\"last\" cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"[^>]*><title>"
                    + "last sample: 250 at 30.000 s")
            .matcher(html);
    assertTrue(last.find(), "the spike at the very last instant has its dot");
    double x = Double.parseDouble(last.group(1));
    assertTrue(x > 1000 && x < 90 + 1000 - 5, "inside the plot's right edge: " + x);
    assertTrue(html.contains(">250</text>"), "the spike sets the top of the value range");
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theListOfFiringsIsBounded() {
    ReportCollector collector = new ReportCollector(10);
    var firings = collector.firings();
    for (int i = 0; i < 100_000; i++) {
      firings.fired(
          new io.piccolo.engine.index.FiringListener.Firing(
              "s" + (i % 100),
              io.piccolo.engine.scenario.Origin.UNKNOWN,
              i,
              false,
              io.piccolo.engine.index.FiringListener.Cause.SAMPLE,
              "Vehicle.Speed",
              java.util.List.of()));
    }
    ReportData data =
        collector.data(
            "many",
            java.util.Map.of(),
            new io.piccolo.simulator.replay.DecisionCounts(),
            java.util.Map.of(),
            RuleCatalog.EMPTY);
    long listed = data.firings().stream().mapToLong(r -> r.listed().size()).sum();
    long unlisted = data.firings().stream().mapToLong(ReportData.RuleFirings::unlisted).sum();
    assertEquals(FiringLog.TOTAL, listed);
    assertEquals(100_000 - FiringLog.TOTAL, unlisted);
    assertTrue(data.firings().stream().allMatch(r -> r.listed().size() <= FiringLog.PER_RULE));
  }
}
