package io.piccolo.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** A generated report opened in headless Chromium: the page a browser builds, and its pixels. */
class ChromiumReportTest {
  private static final long TIMEOUT_SECONDS = 120;

  private static Path chromium() {
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir : List.of("/usr/bin", "/usr/local/bin", "/snap/bin")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return fail(
        "Chromium is not installed: run scripts/install-chromium.sh (./mvnw -B verify runs it"
            + " before the simulator's tests)");
  }

  /** Runs Chromium headless on the page; returns what it wrote to stdout. */
  private static String run(Path dir, Path page, String... extra) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(List.of(extra));
    command.add(page.toUri().toString());
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(err));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static Path page(Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    HtmlReport.write(page, ExplainedRun.data());
    return page;
  }

  @Test
  void chromiumBuildsThePageWithEverySectionAndTheExplainedFirings(@TempDir Path dir)
      throws Exception {
    String dom = run(dir, page(dir), "--dump-dom");
    for (String id : List.of("timeline", "firings", "policies", "decisions", "rules")) {
      assertTrue(dom.contains("<section id=\"" + id + "\">"), "section " + id);
    }
    assertTrue(dom.contains("<svg"), "the timeline is inline SVG");
    // three scenarios, the policy and the DRL rule
    assertEquals(5, dom.split("<details class=\"rule\" open=\"open\">", -1).length - 1, dom);
    assertTrue(dom.contains("timer: Vehicle.Speed held for its duration"));
    assertTrue(dom.contains("✓ Vehicle.Speed: number &gt; 120, held for 10s"));
    assertTrue(dom.contains("denied by no video while moving: vehicle is moving"));
    assertTrue(dom.contains("<g class=\"marker suppressed\">"));
    assertTrue(dom.contains("<g class=\"threshold\">"));
    assertTrue(dom.contains("<circle class=\"last\""));
    assertTrue(!dom.contains("<script"), "nothing runs: the page reads the same with JS off");
  }

  @Test
  void chromiumShowsADrlFiringWithItsTriggerPlaceAndBoundFacts(@TempDir Path dir) throws Exception {
    Document page = firingsSection(run(dir, page(dir), "--dump-dom"));
    Element warning = firingsOf(page, "speed warning");
    Element row = onlyRow(warning);
    List<Element> cells = children(row, "td");
    assertEquals("30.000", cells.get(0).getTextContent());
    assertEquals("a sample of Vehicle.Speed", cells.get(1).getTextContent());
    Element place = descendant(cells.get(2), "a");
    assertEquals("rules/warning.drl:8", place.getTextContent());
    assertTrue(
        place.getAttribute("href").endsWith("/rules/warning.drl"), place.getAttribute("href"));
    assertEquals(
        List.of("Signal Vehicle.Speed = 250 (sample at 30.000 s)"),
        texts(descendant(cells.get(2), "ul"), "li"),
        "the Signal's pattern; the not pattern binds none");
    assertTrue(
        cells.get(3).getTextContent().contains("update → speed-warning, allowed by default"),
        cells.get(3).getTextContent());

    Element policy = firingsOf(page, "no video while moving");
    List<Element> policyCells = children(onlyRow(policy), "td");
    assertEquals("2.000", policyCells.get(0).getTextContent());
    assertEquals(
        "an insert of ActionRequest action=launch, target=video-player, scenario=video-on-play",
        policyCells.get(1).getTextContent());
    assertEquals(
        List.of(
            "ActionRequest action=launch, target=video-player, scenario=video-on-play",
            "Signal Vehicle.Speed = 130 (sample at 1.000 s)"),
        texts(descendant(policyCells.get(2), "ul"), "li"),
        "each pattern's fact, in the order the rule lists them");
    assertEquals("no request made", policyCells.get(3).getTextContent());
  }

  /**
   * The firings section of the DOM Chromium built, read back as XML: Chromium writes HTML (void
   * elements unclosed), but that section has none.
   */
  private static Document firingsSection(String dom) throws Exception {
    int start = dom.indexOf("<section id=\"firings\">");
    int end = dom.indexOf("</section>", start) + "</section>".length();
    assertTrue(start >= 0 && end > start, "no firings section in " + dom);
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(
            new ByteArrayInputStream(dom.substring(start, end).getBytes(StandardCharsets.UTF_8)));
  }

  private static Element firingsOf(Document page, String rule) {
    NodeList details = page.getElementsByTagName("details");
    for (int i = 0; i < details.getLength(); i++) {
      Element d = (Element) details.item(i);
      if (descendant(d, "strong").getTextContent().equals(rule)) {
        return d;
      }
    }
    return fail("no firings of " + rule);
  }

  /** The one firing row of a rule's table (the first row is its header). */
  private static Element onlyRow(Element details) {
    List<Element> rows = children(descendant(details, "table"), "tr");
    assertEquals(2, rows.size(), "one firing listed");
    return rows.get(1);
  }

  private static Element descendant(Element e, String tag) {
    NodeList found = e.getElementsByTagName(tag);
    assertTrue(found.getLength() > 0, "no <" + tag + "> in " + e.getTextContent());
    return (Element) found.item(0);
  }

  private static List<Element> children(Element e, String tag) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child && child.getTagName().equals(tag)) {
        out.add(child);
      } else if (n instanceof Element body && body.getTagName().equals("tbody")) {
        out.addAll(children(body, tag)); // Chromium puts table rows into a tbody
      }
    }
    return out;
  }

  private static List<String> texts(Element e, String tag) {
    return children(e, tag).stream().map(Element::getTextContent).toList();
  }

  @Test
  void chromiumRendersThePageToAScreenshot(@TempDir Path dir) throws Exception {
    Path shot = dir.resolve("report.png");
    run(dir, page(dir), "--window-size=1200,1600", "--hide-scrollbars", "--screenshot=" + shot);
    assertTrue(Files.isRegularFile(shot), "no screenshot written");
    byte[] png = Files.readAllBytes(shot);
    assertTrue(png.length > 20_000, "a rendered page, not a blank one: " + png.length + " bytes");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(1200, image.getWidth());
    assertEquals(1600, image.getHeight());
    assertTrue(colours(image) > 8, "text, plots and badges in several colours");
  }

  /** Distinct colours on a coarse grid: a blank or failed page has one or two. */
  private static int colours(BufferedImage image) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        seen.add(image.getRGB(x, y) & 0xF0F0F0);
      }
    }
    return seen.size();
  }
}
