package io.piccolo.simulator.report;

import java.math.BigDecimal;

/** Text into HTML and SVG: escaping and the report's one way to write a time. */
final class Html {
  private Html() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(isXmlChar(c) ? c : '\uFFFD');
      }
    }
    return out.toString();
  }

  /** Characters XML 1.0 allows (surrogates pass in pairs), so the page stays well-formed. */
  private static boolean isXmlChar(char c) {
    return c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n' || c == '\r';
  }

  /** Seconds on the trace clock, to the millisecond. */
  static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }

  /** An action's params as {@code key=value, ...}, in key order. */
  static String params(java.util.Map<String, Object> params) {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(params)
        .forEach(
            (k, v) ->
                out.append(out.length() == 0 ? "" : ", ")
                    .append(k)
                    .append('=')
                    .append(io.piccolo.engine.fact.SignalValues.text(v)));
    return out.toString();
  }

  /**
   * Where a rule was written, as text and as a {@code file:} link to its file (absolute, so it
   * opens wherever the report is saved); "unknown" when the rule base does not say.
   */
  static void place(StringBuilder html, RuleCatalog.Rule rule) {
    if (rule.place() == null) {
      html.append("<span class=\"muted\">unknown</span>");
      return;
    }
    if (rule.file() == null || rule.file().startsWith("<")) {
      html.append("<code>").append(escape(rule.place())).append("</code>");
      return;
    }
    String uri;
    try {
      uri = java.nio.file.Path.of(rule.file()).toAbsolutePath().normalize().toUri().toString();
    } catch (RuntimeException e) {
      html.append("<code>").append(escape(rule.place())).append("</code>");
      return;
    }
    html.append("<a class=\"place\" href=\"")
        .append(escape(uri))
        .append("\"><code>")
        .append(escape(rule.place()))
        .append("</code></a>");
  }
}
