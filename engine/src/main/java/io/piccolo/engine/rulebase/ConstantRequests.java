package io.piccolo.engine.rulebase;

import io.piccolo.engine.Actions;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a then block that does nothing but call {@code actions.launch}, {@code terminate}, {@code
 * update} or {@code rollback} with a string literal, such as {@code actions.update("hud");}. Such a
 * block makes the same requests at every firing, so the engine can make them without running it.
 */
final class ConstantRequests {
  private static final Pattern CALL =
      Pattern.compile(
          "\\G\\s*actions\\s*\\.\\s*("
              + String.join("|", Actions.NAMED)
              + ")\\s*\\(\\s*\"([^\"\\\\\\r\\n]*)\"\\s*\\)\\s*;");

  private ConstantRequests() {}

  /**
   * @param bound the names the rule's patterns bind, which would hide the global
   * @return the requests in the order written, or an empty list when the block does anything else
   */
  static List<ScenarioAction> of(String consequence, List<String> bound) {
    if (bound.contains("actions")) {
      return List.of();
    }
    List<ScenarioAction> requests = new ArrayList<>();
    Matcher m = CALL.matcher(consequence);
    int end = 0;
    while (m.find()) {
      requests.add(new ScenarioAction(m.group(1), m.group(2), Map.of()));
      end = m.end();
    }
    return consequence.substring(end).isBlank() ? requests : List.of();
  }
}
