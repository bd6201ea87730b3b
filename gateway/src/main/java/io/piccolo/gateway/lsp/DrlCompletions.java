package io.piccolo.gateway.lsp;

import io.piccolo.engine.rulebase.FactTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * In a rule's {@code when}: the fact types a pattern can match (the engine's fact classes and the
 * workspace's declared types) and, inside {@code Type( ... )}, that type's fields.
 */
final class DrlCompletions {
  /** Comments and string literals, blanked so that nothing in them counts as code. */
  private static final Pattern NOT_CODE =
      Pattern.compile("(?s)/\\*.*?(?:\\*/|$)|//[^\n]*|\"(?:[^\"\\\\\n]|\\\\.)*(?:\"|$)");

  private static final Pattern SECTION = Pattern.compile("\\b(when|then|end|rule|query)\\b");
  private static final Pattern NAME_BEFORE = Pattern.compile("([\\w.]+)\\s*$");

  /** Words whose parenthesis holds patterns again. */
  private static final Set<String> PATTERN_GROUPS = Set.of("not", "exists", "forall", "and", "or");

  private DrlCompletions() {}

  /**
   * @param declared the workspace's declared types, with their fields
   */
  static List<CompletionItem> at(
      String text, int line, int column, Map<String, Map<String, String>> declared) {
    int offset = TextEdits.offset(text, new Position(line, column));
    String code = blanked(text.substring(0, offset));
    if (offset > 0 && code.charAt(offset - 1) != text.charAt(offset - 1)) {
      return List.of(); // inside a comment or a string
    }
    int start = offset;
    while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
      start--;
    }
    String typed = text.substring(start, offset);
    String lhs = conditionBefore(code, start);
    if (lhs == null || lhs.endsWith(".")) {
      return List.of();
    }
    Map<String, Map<String, String>> types = types(declared);
    Range replaced =
        new Range(new Position(line, column - typed.length()), new Position(line, column));
    String open = innermostOpen(lhs);
    if (open == null || PATTERN_GROUPS.contains(open)) {
      return items(types.keySet(), typed, replaced, name -> detailOf(name, declared), true);
    }
    Map<String, String> fields = types.get(open);
    String last = lhs.strip();
    boolean fieldPlace =
        last.endsWith("(")
            || last.endsWith(",")
            || last.endsWith(":")
            || last.endsWith("&&")
            || last.endsWith("||");
    if (fields == null || !fieldPlace) {
      return List.of();
    }
    return items(fields.keySet(), typed, replaced, fields::get, false);
  }

  private static String detailOf(String type, Map<String, Map<String, String>> declared) {
    for (Class<?> c : FactTypes.all()) {
      if (c.getSimpleName().equals(type)) {
        return c.getName();
      }
    }
    return declared.containsKey(type) ? "declared type" : "";
  }

  /** The engine's fact types with their properties, then declared types (adding to a class). */
  private static Map<String, Map<String, String>> types(Map<String, Map<String, String>> declared) {
    Map<String, Map<String, String>> types = new LinkedHashMap<>();
    for (Class<?> c : FactTypes.all()) {
      types.put(c.getSimpleName(), new LinkedHashMap<>(FactTypes.properties(c)));
    }
    declared.forEach(
        (name, fields) -> types.computeIfAbsent(name, k -> new LinkedHashMap<>()).putAll(fields));
    return types;
  }

  private static List<CompletionItem> items(
      Iterable<String> names,
      String typed,
      Range replaced,
      Function<String, String> detail,
      boolean types) {
    List<CompletionItem> items = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith(typed)) {
        CompletionItem item = new CompletionItem(name);
        item.setKind(types ? CompletionItemKind.Class : CompletionItemKind.Field);
        item.setDetail(detail.apply(name));
        item.setTextEdit(Either.forLeft(new TextEdit(replaced, name)));
        items.add(item);
      }
    }
    return items;
  }

  /** The code from the last {@code when} to {@code end}, or null when that is not a condition. */
  private static String conditionBefore(String code, int end) {
    Matcher section = SECTION.matcher(code.substring(0, end));
    String last = null;
    int from = 0;
    while (section.find()) {
      last = section.group(1);
      from = section.end();
    }
    return "when".equals(last) ? code.substring(from, end) : null;
  }

  /** The name before the innermost unclosed parenthesis, or null at the top of the condition. */
  private static String innermostOpen(String lhs) {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < lhs.length(); i++) {
      char c = lhs.charAt(i);
      if (c == '(') {
        open.add(i);
      } else if (c == ')' && !open.isEmpty()) {
        open.remove(open.size() - 1);
      }
    }
    if (open.isEmpty()) {
      return null;
    }
    Matcher name = NAME_BEFORE.matcher(lhs.substring(0, open.get(open.size() - 1)));
    if (!name.find()) {
      return "";
    }
    String n = name.group(1);
    return n.substring(n.lastIndexOf('.') + 1);
  }

  /** The text with comments and string literals turned into spaces, offsets kept. */
  private static String blanked(String text) {
    StringBuilder out = new StringBuilder(text);
    Matcher m = NOT_CODE.matcher(text);
    while (m.find()) {
      for (int i = m.start(); i < m.end(); i++) {
        if (out.charAt(i) != '\n') {
          out.setCharAt(i, ' ');
        }
      }
    }
    return out.toString();
  }
}
