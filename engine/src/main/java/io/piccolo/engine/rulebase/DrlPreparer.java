package io.piccolo.engine.rulebase;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds the engine's imports and the {@code actions} global to a DRL file, on its package line so
 * every line number the author sees stays where it was.
 */
final class DrlPreparer {
  static final String IMPORTS =
      "import io.piccolo.engine.fact.*; import io.piccolo.engine.Actions; import java.util.Map;";
  private static final Pattern PACKAGE =
      Pattern.compile("(?m)^([ \\t]*package[ \\t]+[\\w.]+)[ \\t]*;?");
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
  private static final Pattern OWN_GLOBAL = Pattern.compile("\\bglobal\\s+\\S+\\s+actions\\b");

  private DrlPreparer() {}

  /**
   * Whether the file can take the engine's imports without moving a column of its code: it has a
   * package line for them, or no code at all (empty, or only comments, as while it is being
   * written).
   */
  static boolean hasPackageOrNoCode(String text) {
    String drl = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return PACKAGE.matcher(drl).find() || COMMENTS.matcher(drl).replaceAll("").isBlank();
  }

  static String prepare(String text) {
    String drl = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String header = IMPORTS + (OWN_GLOBAL.matcher(drl).find() ? "" : " global Actions actions;");
    Matcher m = PACKAGE.matcher(drl);
    if (m.find()) {
      return drl.substring(0, m.start()) + m.group(1) + "; " + header + drl.substring(m.end());
    }
    return "package rules; " + header + " " + drl; // no code: no column to move
  }
}
