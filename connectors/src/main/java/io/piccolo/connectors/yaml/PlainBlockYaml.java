package io.piccolo.connectors.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quick reader for the plainest YAML: block mappings, one-line flow mappings and unquoted
 * scalars, in printable ASCII. It gives exactly the trees and positions the full YAML reader gives,
 * without its token and event objects, and declines (returns null) at the first thing outside that
 * subset or anything the full reader might read another way or reject: sequences, quotes, tags,
 * anchors, multi-line scalars, empty values or documents, duplicate keys, numbers written other
 * than {@code -12} or {@code 3.5}. A declined text is read by the full reader, which also words
 * every syntax error, so this reader never decides what an error says.
 */
final class PlainBlockYaml {
  /** Texts above this are left to the full reader, with its limits and their messages. */
  private static final int MAX_CHARS = 1_000_000;

  private static final int MAX_LINE = 1_000; // SnakeYAML refuses simple keys of 1,024 and more
  private static final int MAX_DEPTH = 50;

  private final String text;
  private final List<int[]> lines = new ArrayList<>(); // {line number, start, end, indentation}
  private int next;

  private PlainBlockYaml(String text) {
    this.text = text;
  }

  /** The documents of {@code text}, or null when the full reader must read it. */
  static List<YamlDocuments.Document> parse(String text) {
    if (text.length() > MAX_CHARS || !printableAscii(text)) {
      return null;
    }
    return new PlainBlockYaml(text).documents();
  }

  private static boolean printableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 || c > 0x7e) && c != '\n') {
        return false;
      }
    }
    return true;
  }

  private List<YamlDocuments.Document> documents() {
    List<YamlDocuments.Document> documents = new ArrayList<>();
    int lineNumber = 0;
    int start = 0;
    boolean explicitStart = false; // the segment being collected began with ---
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      if (end - start > MAX_LINE) {
        return null;
      }
      if (end - start == 3 && text.startsWith("---", start)) {
        if (!endSegment(documents, explicitStart)) {
          return null;
        }
        explicitStart = true;
      } else {
        addContentLine(lineNumber, start, end);
      }
      start = end + 1;
    }
    return endSegment(documents, explicitStart) ? documents : null;
  }

  /** Reads the lines collected since the last separator as one document. */
  private boolean endSegment(List<YamlDocuments.Document> documents, boolean explicitStart) {
    if (lines.isEmpty()) {
      // only comments before the first ---: no document; an empty one elsewhere is left to the
      // full reader, which numbers it
      return !explicitStart && documents.isEmpty();
    }
    next = 0;
    int[] first = lines.get(0);
    Node root = block(first[3], 0);
    if (root == null || next != lines.size()) {
      return false;
    }
    documents.add(new YamlDocuments.Document(documents.size() + 1, root, first[0]));
    lines.clear();
    return true;
  }

  private void addContentLine(int lineNumber, int start, int end) {
    int i = start;
    while (i < end && text.charAt(i) == ' ') {
      i++;
    }
    if (i == end || text.charAt(i) == '#') {
      return; // blank or comment
    }
    lines.add(new int[] {lineNumber, start, end, i - start});
  }

  /** A block mapping whose keys start at {@code indent}, from the current line on. */
  private Node block(int indent, int depth) {
    if (depth > MAX_DEPTH) {
      return null;
    }
    Map<String, Node> entries = new LinkedHashMap<>();
    int[] first = lines.get(next);
    while (next < lines.size()) {
      int[] line = lines.get(next);
      if (line[3] < indent) {
        break;
      }
      if (line[3] > indent) {
        return null; // a continuation line or a misplaced key: the full reader's to judge
      }
      int keyStart = line[1] + indent;
      int colon = keyEnd(keyStart, line[2]);
      if (colon < 0) {
        return null;
      }
      String key = text.substring(keyStart, colon);
      int valueStart = skipSpaces(colon + 1, line[2]);
      if (valueStart == colon + 1 && valueStart < line[2]) {
        return null; // "key:value" is one scalar to YAML
      }
      Node value;
      next++;
      if (valueStart == line[2] || text.charAt(valueStart) == '#') {
        if (next == lines.size() || lines.get(next)[3] <= indent) {
          return null; // an empty value
        }
        value = block(lines.get(next)[3], depth + 1);
      } else if (text.charAt(valueStart) == '{') {
        value = flowMapping(line, valueStart);
      } else {
        value = blockScalar(line, valueStart);
      }
      if (value == null || entries.put(key, value) != null) {
        return null;
      }
    }
    return new Node.MapNode(entries, first[0], first[3] + 1);
  }

  /** The index of the colon ending a key that starts at {@code start}, or -1 for another key. */
  private int keyEnd(int start, int end) {
    int i = start;
    while (i < end && keyChar(text.charAt(i))) {
      i++;
    }
    if (i == start || i == end || text.charAt(i) != ':' || !keyStartChar(text.charAt(start))) {
      return -1;
    }
    String key = text.substring(start, i);
    return key.equalsIgnoreCase("null") ? -1 : i;
  }

  private static boolean keyStartChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
  }

  private static boolean keyChar(char c) {
    return keyStartChar(c) || c == '-' || c == '.' || c == '/';
  }

  private int skipSpaces(int i, int end) {
    while (i < end && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** An unquoted scalar running to the end of its line or to a comment. */
  private Node blockScalar(int[] line, int start) {
    int end = start;
    while (end < line[2] && !(text.charAt(end) == '#' && text.charAt(end - 1) == ' ')) {
      end++; // to the end of the line or a comment, never further
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    String value = text.substring(start, end);
    if (value.contains(": ") || value.endsWith(":") || !plainStart(value)) {
      return null;
    }
    return scalar(value, line[0], start - line[1] + 1);
  }

  /** {@code {k: v, k: v}} of unquoted scalars, closed on its own line. */
  private Node flowMapping(int[] line, int open) {
    Map<String, Node> entries = new LinkedHashMap<>();
    int end = line[2];
    int i = skipSpaces(open + 1, end);
    if (i < end && text.charAt(i) == '}') {
      return closed(line, i, entries, open);
    }
    while (true) {
      int colon = keyEnd(i, end);
      if (colon < 0 || colon + 1 >= end || text.charAt(colon + 1) != ' ') {
        return null;
      }
      String key = text.substring(i, colon);
      int valueStart = skipSpaces(colon + 1, end);
      int valueEnd = valueStart;
      while (valueEnd < end && ",}".indexOf(text.charAt(valueEnd)) < 0) {
        if ("{}[]#:?'\"".indexOf(text.charAt(valueEnd)) >= 0) {
          return null;
        }
        valueEnd++;
      }
      if (valueEnd == end) {
        return null; // not closed on this line
      }
      int trimmed = valueEnd;
      while (trimmed > valueStart && text.charAt(trimmed - 1) == ' ') {
        trimmed--;
      }
      String value = text.substring(valueStart, trimmed);
      if (!plainStart(value)) {
        return null;
      }
      Node scalar = scalar(value, line[0], valueStart - line[1] + 1);
      if (scalar == null || entries.put(key, scalar) != null) {
        return null;
      }
      if (text.charAt(valueEnd) == '}') {
        return closed(line, valueEnd, entries, open);
      }
      i = valueEnd + 1;
      if (i >= end || text.charAt(i) != ' ') {
        return null;
      }
      i = skipSpaces(i, end);
    }
  }

  /** The flow mapping closed at {@code close}, when nothing but a comment follows it. */
  private Node closed(int[] line, int close, Map<String, Node> entries, int open) {
    int rest = skipSpaces(close + 1, line[2]);
    if (rest < line[2] && (rest == close + 1 || text.charAt(rest) != '#')) {
      return null;
    }
    return new Node.MapNode(entries, line[0], open - line[1] + 1);
  }

  /** Whether an unquoted scalar starts as plain text, not with an indicator. */
  private static boolean plainStart(String value) {
    if (value.isEmpty()) {
      return false;
    }
    char c = value.charAt(0);
    if ("?:,[]{}#&*!|>'\"%@`".indexOf(c) >= 0) {
      return false;
    }
    return c != '-' || value.length() > 1 && value.charAt(1) != ' ' && value.charAt(1) != '-';
  }

  /**
   * The scalar as {@link YamlDocuments} types an unquoted one, or null where the two readers could
   * differ: a null written in another case, a number in another shape.
   */
  private static Node scalar(String value, int line, int column) {
    if (value.equals("null") || value.equals("Null") || value.equals("NULL") || value.equals("~")) {
      return new Node.Scalar(null, line, column);
    }
    if (value.equalsIgnoreCase("null")) {
      return null;
    }
    Object typed = PlainScalars.type(value);
    if ((typed instanceof Long || typed instanceof Double) && !simpleNumber(value)) {
      return null;
    }
    return new Node.Scalar(typed, line, column);
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}: a number every YAML reader reads as one. */
  private static boolean simpleNumber(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    int digits = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == digits || s.charAt(digits) == '0' && i - digits > 1) {
      return false;
    }
    if (i == s.length()) {
      return true;
    }
    if (s.charAt(i) != '.' || i + 1 == s.length()) {
      return false;
    }
    for (i++; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
