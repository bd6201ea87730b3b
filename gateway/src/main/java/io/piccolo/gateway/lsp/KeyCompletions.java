package io.piccolo.gateway.lsp;

import io.piccolo.connectors.artifact.ScenarioKeys;
import io.piccolo.simulator.spec.SpecKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The keys valid where one is being typed in a scenario or a spec, from the lists their readers
 * check keys against.
 */
final class KeyCompletions {
  private KeyCompletions() {}

  static List<CompletionItem> at(boolean spec, String text, int line, int column) {
    YamlPlace place = YamlPlace.at(text, line, column);
    if (place == null) {
      return List.of();
    }
    List<String> keys =
        spec
            ? specKeys(place.path())
            : scenarioKeys(YamlPlace.kind(text, line), place.path(), place.present());
    Range typed =
        new Range(new Position(line, column - place.typed().length()), new Position(line, column));
    List<CompletionItem> items = new ArrayList<>();
    for (String key : keys) {
      if (key.startsWith(place.typed()) && !place.present().contains(key)) {
        CompletionItem item = new CompletionItem(key);
        item.setKind(CompletionItemKind.Property);
        item.setTextEdit(Either.forLeft(new TextEdit(typed, key + ": ")));
        items.add(item);
      }
    }
    return items;
  }

  private static List<String> scenarioKeys(String kind, List<String> path, Set<String> present) {
    if (!kind.equals("Scenario") || path.isEmpty() || !path.get(0).equals("spec")) {
      return List.of();
    }
    List<String> inside = path.subList(1, path.size());
    if (inside.isEmpty()) {
      return ScenarioKeys.spec();
    }
    if (inside.equals(List.of("actions", "-"))) {
      return ScenarioKeys.action();
    }
    if (inside.equals(List.of("throttle"))) {
      return ScenarioKeys.throttle();
    }
    if (!inside.get(0).equals("when")) {
      return List.of();
    }
    // through groups (all/any/not and their items) and a count's of, still a condition
    for (String step : inside.subList(1, inside.size())) {
      if (!step.equals("-") && !step.equals("of") && !ScenarioKeys.groups().contains(step)) {
        return List.of();
      }
    }
    return ScenarioKeys.condition(present);
  }

  private static List<String> specKeys(List<String> path) {
    List<String> steps = path.stream().filter(s -> !s.equals("-")).toList();
    if (steps.isEmpty()) {
      return SpecKeys.cases();
    }
    if (steps.equals(List.of("expect"))) {
      return SpecKeys.expect();
    }
    if (steps.equals(List.of("given"))) {
      return SpecKeys.given();
    }
    if (steps.size() == 2 && steps.get(0).equals("given")) {
      return SpecKeys.given(steps.get(1));
    }
    return List.of();
  }
}
