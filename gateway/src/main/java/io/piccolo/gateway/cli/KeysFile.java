package io.piccolo.gateway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits the {@code keys:} section of a settings file as text, so every other line (comments, other
 * settings, their order) stays as it was. Keys are written in block form, one per entry:
 *
 * <pre>
 * keys:
 *   alice:
 *     role: admin
 *     hash: "sha256:..."
 * </pre>
 */
final class KeysFile {
  private static final Pattern SECTION = Pattern.compile("^keys\\s*:\\s*(.*?)\\s*$");
  private static final Pattern EMPTY = Pattern.compile("(\\{\\s*}|null|~)?\\s*(#.*)?");

  private final List<String> lines;
  private final String file;

  KeysFile(String text, String file) {
    this.lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1); // the final line break
    }
    this.file = file;
  }

  String text() {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** Adds a key at the end of the section, making the section when there is none. */
  void add(String name, String role, String hash) {
    int section = section();
    if (section < 0) {
      if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
        lines.add("");
      }
      lines.add("keys:");
      section = lines.size() - 1;
    }
    String indent = " ".repeat(entryIndent(section));
    List<String> entry =
        List.of(
            indent + name + ":", indent + "  role: " + role, indent + "  hash: \"" + hash + "\"");
    lines.addAll(lastContent(section) + 1, entry);
  }

  /** Removes a key's entry and the lines below it; false when the section has no such entry. */
  boolean remove(String name) {
    int section = section();
    if (section < 0) {
      return false;
    }
    int indent = entryIndent(section);
    int end = blockEnd(section);
    Pattern key =
        Pattern.compile("^ {" + indent + "}([\"']?)" + Pattern.quote(name) + "\\1\\s*:.*$");
    for (int i = section + 1; i < end; i++) {
      if (key.matcher(lines.get(i)).matches()) {
        int stop = i + 1;
        while (stop < end && (lines.get(stop).isBlank() || indentOf(lines.get(stop)) > indent)) {
          stop++;
        }
        while (stop > i + 1 && lines.get(stop - 1).isBlank()) {
          stop--; // blank lines before the next entry stay
        }
        lines.subList(i, stop).clear();
        return true;
      }
    }
    return false;
  }

  /** The line of {@code keys:}, or -1; refuses a section written inline, which it cannot edit. */
  private int section() {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = SECTION.matcher(lines.get(i));
      if (m.matches()) {
        if (!EMPTY.matcher(m.group(1)).matches()) {
          throw new UserError(
              UserError.BAD_INPUT,
              file
                  + ":"
                  + (i + 1)
                  + ": keys are written inline; write them as a block (one key per line, as"
                  + " piccolo keys add does) for piccolo keys to change them; nothing was"
                  + " changed");
        }
        lines.set(i, "keys:");
        return i;
      }
    }
    return -1;
  }

  /** The first line after the section: the next one at the left margin. */
  private int blockEnd(int section) {
    int i = section + 1;
    while (i < lines.size() && (lines.get(i).isBlank() || indentOf(lines.get(i)) > 0)) {
      i++;
    }
    return i;
  }

  private int lastContent(int section) {
    int last = section;
    for (int i = section + 1; i < blockEnd(section); i++) {
      if (!lines.get(i).isBlank()) {
        last = i;
      }
    }
    return last;
  }

  /** How far the section's entries are indented: as the first one is, else two spaces. */
  private int entryIndent(int section) {
    for (int i = section + 1; i < blockEnd(section); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        return indentOf(line);
      }
    }
    return 2;
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
