package io.piccolo.gateway.lsp;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/** Positions in a document's text; LSP columns count UTF-16 units, as Java strings do. */
final class TextEdits {
  private TextEdits() {}

  static String apply(String text, TextDocumentContentChangeEvent change) {
    if (change.getRange() == null) {
      return change.getText();
    }
    int start = offset(text, change.getRange().getStart());
    int end = offset(text, change.getRange().getEnd());
    return text.substring(0, start) + change.getText() + text.substring(end);
  }

  static int offset(String text, Position p) {
    int offset = 0;
    for (int line = 0; line < p.getLine() && offset <= text.length(); line++) {
      int next = text.indexOf('\n', offset);
      if (next < 0) {
        return text.length();
      }
      offset = next + 1;
    }
    return Math.min(text.length(), offset + p.getCharacter());
  }

  static String line(String text, int line) {
    String[] lines = text.split("\n", -1);
    return line < lines.length ? lines[line] : "";
  }

  /** The word (name, path, number) that starts at a problem's column; one character otherwise. */
  static Range tokenAt(String text, int line, int column) {
    int end = column + 1;
    if (text != null) {
      String l = line(text, line);
      end = column;
      while (end < l.length() && isWord(l.charAt(end))) {
        end++;
      }
      if (end == column) {
        end = Math.min(l.length(), column + 1);
      }
    }
    return new Range(new Position(line, column), new Position(line, Math.max(end, column)));
  }

  /** The word (name, path, number) around a position; empty when there is none. */
  static Range wordAt(String text, int line, int column) {
    String l = line(text, line);
    int start = Math.min(column, l.length());
    while (start > 0 && isWord(l.charAt(start - 1))) {
      start--;
    }
    int end = Math.min(column, l.length());
    while (end < l.length() && isWord(l.charAt(end))) {
      end++;
    }
    return new Range(new Position(line, start), new Position(line, end));
  }

  static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '$';
  }
}
