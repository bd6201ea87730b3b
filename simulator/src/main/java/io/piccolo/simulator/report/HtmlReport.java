package io.piccolo.simulator.report;

import static io.piccolo.simulator.report.Html.escape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a run as one self-contained HTML page: summary, a timeline of every signal with the
 * decisions, suppressed firings and condition thresholds marked on it, each rule's first firings
 * explained, what each policy decided, the first decisions and how often each rule fired — one
 * class per section.
 *
 * <p>The page has no scripts and no external resources (firings fold with {@code <details>}), so it
 * opens from disk anywhere. Plots are inline SVG ({@link TimelineSvg}) drawn from downsampled data
 * ({@link SignalBuckets}, then {@link PixelColumns}), so the file stays small however long the
 * trace is. The markup is also well-formed XML.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** The whole page. */
  public static String render(ReportData data) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>")
        .append(escape(data.title()))
        .append("</title>\n<style>\n")
        .append(ReportStyle.CSS)
        .append("</style>\n</head>\n<body>\n");
    SummarySection.render(html, data);
    TimelineSection.render(html, data);
    FiringsSection.render(html, data);
    PoliciesSection.render(html, data);
    DecisionsSection.render(html, data);
    RulesSection.render(html, data);
    return html.append("</body>\n</html>\n").toString();
  }

  /** Renders the page into {@code out} (UTF-8). */
  public static void write(Path out, ReportData data) throws IOException {
    Files.writeString(out, render(data), StandardCharsets.UTF_8);
  }
}
