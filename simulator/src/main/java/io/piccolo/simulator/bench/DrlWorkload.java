package io.piccolo.simulator.bench;

import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The threshold workload written as DRL: rule {@code bench-i} matches the {@code Signal} of its
 * path against its threshold and asks for {@code update} of {@code bench-target-i}, as scenario
 * {@code bench-i} does; 100 rules per file and package.
 */
final class DrlWorkload {
  private static final int RULES_PER_PACKAGE = 100;

  private DrlWorkload() {}

  /** The rules as PICCOLO reads them; {@code edge} adds {@code @trigger(edge)} to each. */
  static List<RuleSource> sources(Workload w, boolean edge) {
    List<RuleSource> out = new ArrayList<>();
    for (int first = 0; first < w.scenarios; first += RULES_PER_PACKAGE) {
      int p = first / RULES_PER_PACKAGE;
      out.add(
          new RuleSource(
              "bench/" + (edge ? "edge" : "plain") + p + ".drl",
              "package bench.p" + p + ";\n" + rules(w, first, edge)));
    }
    return out;
  }

  /**
   * The plain rules as one file for Drools alone: the imports and global PICCOLO would add, written
   * out, and a counting {@code actions}.
   */
  static String plainDroolsText(Workload w) {
    return "package bench.drools;\n"
        + "import io.piccolo.engine.fact.Signal;\n"
        + "global "
        + CountingActions.class.getName()
        + " actions;\n"
        + rules(w, 0, false, w.scenarios);
  }

  private static String rules(Workload w, int first, boolean edge) {
    return rules(w, first, edge, Math.min(w.scenarios, first + RULES_PER_PACKAGE));
  }

  private static String rules(Workload w, int first, boolean edge, int end) {
    StringBuilder drl = new StringBuilder();
    for (int i = first; i < end; i++) {
      drl.append("rule \"bench-")
          .append(i)
          .append('"')
          .append(edge ? " @trigger(edge)" : "")
          .append("\nwhen\n    Signal(path == \"")
          .append(w.paths[w.signalOf(i)])
          .append("\", number ")
          .append(w.ops[i] == Op.GT ? ">" : "<")
          .append(' ')
          .append(w.thresholds[i])
          .append(")\nthen\n    actions.update(\"bench-target-")
          .append(i)
          .append("\");\nend\n");
    }
    return drl.toString();
  }
}
