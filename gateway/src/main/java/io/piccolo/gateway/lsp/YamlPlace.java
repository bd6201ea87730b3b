package io.piccolo.gateway.lsp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a key is being typed in YAML that may not parse yet: the keys of the mappings around it
 * ({@code "-"} for a list item), and the keys its own mapping already has. Read from indentation
 * and from the flow mappings ({@code {a: 1, }}) open on the line, as an author writes them.
 *
 * @param path the enclosing keys, outermost first, e.g. {@code [spec, when, all, -]}
 * @param present the keys the mapping at the position already has
 * @param typed the part of the key typed so far
 */
record YamlPlace(List<String> path, Set<String> present, String typed) {
  private static final Pattern BLOCK_KEY = Pattern.compile("^(\\s*)(-\\s+)?([\\w.-]*)$");
  private static final Pattern KEY_LINE =
      Pattern.compile("^(\\s*)(-\\s+)?([\\w.-]+)\\s*:(?:\\s|$)");
  private static final Pattern FLOW_KEY = Pattern.compile("[{,]\\s*([\\w.-]*)$");
  private static final Pattern LEAD = Pattern.compile("(\\s*)(-\\s+)?(?:([\\w.-]+)\\s*:\\s*)?");

  /** A line that holds a key: its columns, whether it starts a list item, the key. */
  private record KeyLine(int keyColumn, int dashColumn, String key) {
    boolean startsItem() {
      return dashColumn >= 0;
    }

    static KeyLine of(String line) {
      Matcher m = KEY_LINE.matcher(line);
      if (!m.find()) {
        return null;
      }
      int indent = m.group(1).length();
      int dash = m.group(2) == null ? -1 : indent;
      return new KeyLine(m.start(3), dash, m.group(3));
    }
  }

  /** The place at the 0-based line and column, or null when no key is being written there. */
  static YamlPlace at(String text, int line, int column) {
    String[] lines = text.split("\n", -1);
    if (line >= lines.length) {
      return null;
    }
    String before = lines[line].substring(0, Math.min(column, lines[line].length()));
    int start = documentStart(lines, line);
    Matcher block = BLOCK_KEY.matcher(before);
    if (block.matches()) {
      int keyColumn = block.start(3);
      int dash = block.group(2) == null ? -1 : block.group(1).length();
      Set<String> present = new LinkedHashSet<>();
      List<String> path = enclosing(lines, start, line, keyColumn, dash, present);
      siblingsAfter(lines, line, keyColumn, dash, present);
      return new YamlPlace(path, present, block.group(3));
    }
    return flow(lines, start, line, before);
  }

  /** Inside a flow mapping opened on this line: its enclosing keys and its entries so far. */
  private static YamlPlace flow(String[] lines, int start, int line, String before) {
    Matcher typed = FLOW_KEY.matcher(before);
    Matcher lead = LEAD.matcher(before);
    if (!typed.find() || !lead.lookingAt()) {
      return null;
    }
    int dash = lead.group(2) == null ? -1 : lead.group(1).length();
    int keyColumn = lead.group(1).length() + (lead.group(2) == null ? 0 : lead.group(2).length());
    List<String> path = enclosing(lines, start, line, keyColumn, dash, new LinkedHashSet<>());
    if (lead.group(3) != null) {
      path.add(lead.group(3));
    }
    // the brackets open at the position: each with the key (or "-") leading into it
    List<Frame> frames = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = lead.end(); i < typed.start(1); i++) {
      char c = before.charAt(i);
      Frame top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (TextEdits.isWord(c)) {
        word.append(c);
        continue;
      } else if (c == '{' || c == '[') {
        String into = top == null ? null : top.list ? "-" : top.lastKey;
        frames.add(new Frame(c == '[', into));
      } else if ((c == '}' || c == ']') && top != null) {
        frames.remove(frames.size() - 1);
      } else if (c == ':' && top != null && !top.list && !word.isEmpty()) {
        top.keys.add(word.toString());
        top.lastKey = word.toString();
      }
      word.setLength(0);
    }
    if (frames.isEmpty() || frames.get(frames.size() - 1).list) {
      return null;
    }
    for (Frame f : frames) {
      if (f.into != null) {
        path.add(f.into);
      }
    }
    return new YamlPlace(path, frames.get(frames.size() - 1).keys, typed.group(1));
  }

  /** An open flow mapping or list. */
  private static final class Frame {
    final boolean list;
    final String into;
    final Set<String> keys = new LinkedHashSet<>();
    String lastKey;

    Frame(boolean list, String into) {
      this.list = list;
      this.into = into;
    }
  }

  /** The keys of the mappings around a key at {@code keyColumn}, collecting its siblings above. */
  private static List<String> enclosing(
      String[] lines, int start, int line, int keyColumn, int dash, Set<String> present) {
    List<String> path = new ArrayList<>();
    int column = keyColumn;
    int item = dash;
    boolean innermost = true;
    for (int i = line - 1; i >= start; i--) {
      KeyLine l = KeyLine.of(lines[i]);
      if (l == null) {
        continue;
      }
      if (item < 0) {
        if (l.keyColumn() > column) {
          continue;
        }
        if (l.keyColumn() == column) {
          if (innermost) {
            present.add(l.key());
          }
          if (l.startsItem()) {
            item = l.dashColumn();
          }
          continue;
        }
      } else if (l.keyColumn() > item || l.dashColumn() == item) {
        continue; // an earlier item of the same list, or inside one
      } else {
        path.add(0, "-");
      }
      path.add(0, l.key());
      innermost = false;
      column = l.keyColumn();
      item = l.dashColumn();
    }
    if (item >= 0) {
      path.add(0, "-"); // a list at the top of the document
    }
    return path;
  }

  /** The keys after the position at the same column, until its mapping ends. */
  private static void siblingsAfter(
      String[] lines, int line, int keyColumn, int dash, Set<String> present) {
    for (int i = line + 1; i < lines.length && !lines[i].startsWith("---"); i++) {
      KeyLine l = KeyLine.of(lines[i]);
      if (l == null) {
        continue;
      }
      if (l.keyColumn() < keyColumn || l.startsItem() && l.keyColumn() == keyColumn) {
        return;
      }
      if (l.keyColumn() == keyColumn) {
        present.add(l.key());
      }
    }
  }

  private static int documentStart(String[] lines, int line) {
    for (int i = line; i >= 0; i--) {
      if (lines[i].startsWith("---")) {
        return i + 1;
      }
    }
    return 0;
  }

  /** The value of the document's top-level {@code kind:} key, or "". */
  static String kind(String text, int line) {
    String[] lines = text.split("\n", -1);
    int start = documentStart(lines, Math.min(line, lines.length - 1));
    for (int i = start; i < lines.length && !lines[i].startsWith("---"); i++) {
      if (lines[i].startsWith("kind:")) {
        return lines[i].substring(5).replaceAll("#.*", "").strip();
      }
    }
    return "";
  }
}
