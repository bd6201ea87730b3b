package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Renders compiled scenarios for authors who want to see what the engine made of them. */
final class IndexExplainer {
  private final List<CompiledScenario> scenarios;
  private final Map<Leaf, Integer> numbers = new IdentityHashMap<>();

  IndexExplainer(List<CompiledScenario> scenarios) {
    this.scenarios = scenarios;
  }

  String explain() {
    StringBuilder out = new StringBuilder();
    for (CompiledScenario s : scenarios) {
      explain(s, out);
    }
    return out.toString();
  }

  private void explain(CompiledScenario s, StringBuilder out) {
    Scenario d = s.definition;
    out.append("scenario ").append(d.name()).append("  (").append(d.origin()).append(")\n");
    out.append("  compiled into: the condition index in front of the session (no DRL rule)\n");
    if (s.root == null) {
      out.append("  fires: once, at 0 s, the start of the run (no condition)\n");
    } else {
      out.append("  watches:\n");
      leavesOf(s, out);
      out.append("  condition: ").append(render(s.root)).append('\n');
      out.append("  fires: ")
          .append(
              s.level()
                  ? "at every instant the condition is true and one of its signals got a sample"
                  : "once each time the condition becomes true; re-arms when it turns false")
          .append('\n');
    }
    if (d.cooldownMillis() > 0) {
      out.append("  cooldown: ")
          .append(Durations.format(d.cooldownMillis()))
          .append(" after each firing; firings inside it are suppressed\n");
    }
    if (d.actions().size() == 1) {
      out.append("  then: inserts ");
      request(d, d.actions().get(0), out);
      out.append(" into the session, where policy rules decide it\n\n");
      return;
    }
    out.append("  then: inserts, in this order, one request per action into the session, where")
        .append(" policy rules decide each on its own:\n");
    for (ScenarioAction a : d.actions()) {
      out.append("    ");
      request(d, a, out);
      out.append('\n');
    }
    out.append('\n');
  }

  private static void request(Scenario d, ScenarioAction a, StringBuilder out) {
    out.append("ActionRequest(action=")
        .append(a.action())
        .append(", target=")
        .append(a.target())
        .append(", scenario=")
        .append(d.name());
    if (!a.params().isEmpty()) {
      out.append(", params=").append(ParamsExplainer.describe(a.params()));
    }
    out.append(')');
  }

  private void leavesOf(CompiledScenario s, StringBuilder out) {
    for (Leaf leaf : s.leaves) {
      int n = numbers.size() + 1;
      numbers.put(leaf, n);
      out.append("    #").append(n).append(' ').append(leaf.path()).append(": ");
      out.append(leaf.test.describe());
      if (leaf.forMillis() > 0) {
        out.append(", held for ")
            .append(Durations.format(leaf.forMillis()))
            .append(" (a timer on the session clock)");
      }
      if (leaf.definition instanceof Condition.Comparison cmp) {
        out.append(readAs(cmp.value()));
      }
      out.append('\n');
    }
  }

  /** How the rule file's value was read, so an author sees that {@code OFF} stayed text. */
  private static String readAs(Object value) {
    if (value instanceof Boolean b) {
      return " [value read as the boolean " + b + "]";
    }
    if (value instanceof Number) {
      return " [value read as the number " + SignalValues.text(value) + "]";
    }
    return " [value read as the text \"" + value + "\"]";
  }

  private String render(Node n) {
    if (n instanceof Node.LeafNode l) {
      return "#" + numbers.get(l.leaf());
    }
    if (n instanceof Node.AllNode a) {
      return group("all", a.items());
    }
    if (n instanceof Node.AnyNode a) {
      return group("any", a.items());
    }
    if (n instanceof HeldGroup h) {
      return render(h.item) + " held for " + Durations.format(h.forMillis) + " (a timer)";
    }
    if (n instanceof CountedGroup c) {
      return "count(rising edges of "
          + render(c.item)
          + " >= "
          + c.times
          + " within the last "
          + Durations.format(c.withinMillis)
          + "; false again by a timer when the oldest of them leaves the window)";
    }
    return group("none", ((Node.NoneNode) n).items());
  }

  private String group(String word, Node[] items) {
    StringBuilder b = new StringBuilder(word).append('(');
    for (int i = 0; i < items.length; i++) {
      b.append(i == 0 ? "" : ", ").append(render(items[i]));
    }
    return b.append(')').toString();
  }
}
