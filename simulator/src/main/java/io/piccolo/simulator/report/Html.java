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
}
