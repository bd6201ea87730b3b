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

  /** How the rules are written. */
  enum Form {
    /** Drools' own semantics: fires at every update while true. */
    PLAIN(""),
    /** {@code @trigger(edge)}: the condition index evaluates them. */
    EDGE(" @trigger(edge)"),
    /**
     * {@code @trigger(edge)} with an attribute ({@code salience 0}), which keeps them in Drools.
     */
    EDGE_IN_SESSION(" @trigger(edge)\nsalience 0");

    final String header;

    Form(String header) {
      this.header = header;
    }
  }

  private DrlWorkload() {}

  /** The rules as PICCOLO reads them. */
  static List<RuleSource> sources(Workload w, Form form) {
    List<RuleSource> out = new ArrayList<>();
    for (int first = 0; first < w.scenarios; first += RULES_PER_PACKAGE) {
      int p = first / RULES_PER_PACKAGE;
      out.add(
          new RuleSource(
              "bench/" + form.name().toLowerCase(java.util.Locale.ROOT) + p + ".drl",
              "package bench.p" + p + ";\n" + rules(w, first, form)));
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
        + rules(w, 0, Form.PLAIN, w.scenarios);
  }

  private static String rules(Workload w, int first, Form form) {
    return rules(w, first, form, Math.min(w.scenarios, first + RULES_PER_PACKAGE));
  }

  private static String rules(Workload w, int first, Form form, int end) {
    StringBuilder drl = new StringBuilder();
    for (int i = first; i < end; i++) {
      drl.append("rule \"bench-")
          .append(i)
          .append('"')
          .append(form.header)
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
