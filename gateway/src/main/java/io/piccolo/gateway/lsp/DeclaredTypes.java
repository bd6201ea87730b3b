package io.piccolo.gateway.lsp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The types DRL files declare ({@code declare Name ... end}) with their fields and field types,
 * read from text that may not compile yet.
 */
final class DeclaredTypes {
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
  private static final Pattern DECLARE =
      Pattern.compile(
          "(?s)\\bdeclare\\s+(?!window\\b|entry-point\\b|enum\\b|trait\\b)([\\w.]+)"
              + "(?:\\s+extends\\s+[\\w.]+)?(.*?)\\bend\\b");
  private static final Pattern FIELD =
      Pattern.compile("(?m)^\\s*(\\w+)\\s*:\\s*([\\w.]+(?:\\s*<[\\w.,\\s<>]*>)?(?:\\[\\])*)");
  private static final Pattern QUALIFIER = Pattern.compile("\\b[a-z]\\w*\\.");

  private DeclaredTypes() {}

  /** Each declared type's fields (name to type, as written without package names), by name. */
  static Map<String, Map<String, String>> in(Iterable<String> texts) {
    Map<String, Map<String, String>> types = new LinkedHashMap<>();
    for (String text : texts) {
      Matcher declare = DECLARE.matcher(COMMENTS.matcher(text).replaceAll(""));
      while (declare.find()) {
        String name = declare.group(1).substring(declare.group(1).lastIndexOf('.') + 1);
        Map<String, String> fields = types.computeIfAbsent(name, k -> new LinkedHashMap<>());
        Matcher field = FIELD.matcher(declare.group(2));
        while (field.find()) {
          fields.put(field.group(1), QUALIFIER.matcher(field.group(2)).replaceAll(""));
        }
      }
    }
    return types;
  }
}
