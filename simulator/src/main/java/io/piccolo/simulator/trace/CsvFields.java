package io.piccolo.simulator.trace;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line on commas outside double quotes ("" is a quote inside quotes). */
final class CsvFields {
  private CsvFields() {}

  /** The fields, quotes kept; null when a quote is not closed or text follows a closing one. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>(3);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        field.append(c);
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(field.toString());
    for (String f : fields) {
      String t = f.trim();
      if (t.startsWith("\"") && !t.endsWith("\"")) {
        return null; // "a"b
      }
    }
    return fields;
  }
}
