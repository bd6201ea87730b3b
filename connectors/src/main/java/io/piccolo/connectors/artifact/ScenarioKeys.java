package io.piccolo.connectors.artifact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys a scenario's reader knows, for an editor to offer: the same lists it reports unknown
 * keys against, so what is offered and what is accepted cannot differ.
 */
public final class ScenarioKeys {
  private ScenarioKeys() {}

  /** The keys of {@code spec}. */
  public static List<String> spec() {
    return ScenarioReader.SPEC_KEYS;
  }

  /** The keys of an item of {@code spec.actions}. */
  public static List<String> action() {
    return ScenarioReader.ACTION_KEYS;
  }

  public static List<String> throttle() {
    return ScenarioReader.THROTTLE_KEYS;
  }

  /** The keys that may open a group of conditions: all, any, not. */
  public static List<String> groups() {
    return ScenarioReader.GROUP_KEYS;
  }

  /**
   * The keys a mapping of {@code spec.when} may still take, given the keys it has: those of every
   * form of condition (a comparison, a leaf of each kind, a count, a group held for a time) that
   * has all of {@code present}.
   */
  public static List<String> condition(Collection<String> present) {
    Set<String> offered = new LinkedHashSet<>();
    for (List<String> form : conditionForms()) {
      if (form.containsAll(present)) {
        offered.addAll(form);
      }
    }
    offered.removeAll(present);
    return List.copyOf(offered);
  }

  private static List<List<String>> conditionForms() {
    List<List<String>> forms = new ArrayList<>();
    forms.add(ScenarioReader.CONDITION_KEYS);
    for (String kind : TestReader.ALL_KEYS) {
      List<String> takes = TestReader.KINDS.get(kind);
      if (takes != null) {
        List<String> form = new ArrayList<>(List.of("signal", kind));
        form.addAll(takes);
        forms.add(form);
      }
    }
    forms.add(ScenarioReader.COUNT_KEYS);
    for (String group : ScenarioReader.GROUP_KEYS) {
      forms.add(List.of(group, "for"));
    }
    return forms;
  }
}
