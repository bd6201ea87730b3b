package io.piccolo.connectors.vss;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.TestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the constants scenarios compare signals with against what the catalogue says a signal can
 * hold: its {@code allowed} values, its datatype's range and its {@code min}/{@code max}; the value
 * of a comparison, both bounds of {@code between}, each value of {@code in}, and a rearm leaf's
 * value and rearm level, wherever they are nested. A constant the signal can never take makes its
 * comparison constant, which is rarely what an author meant.
 */
public final class ValueCheck {
  private static final Map<String, double[]> RANGES =
      Map.of(
          "int8", new double[] {-128, 127},
          "uint8", new double[] {0, 255},
          "int16", new double[] {-32768, 32767},
          "uint16", new double[] {0, 65535},
          "int32", new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
          "uint32", new double[] {0, 4294967295.0},
          "int64", new double[] {Long.MIN_VALUE, Long.MAX_VALUE},
          "uint64", new double[] {0, 18446744073709551615.0},
          "float", new double[] {-Float.MAX_VALUE, Float.MAX_VALUE},
          "double", new double[] {-Double.MAX_VALUE, Double.MAX_VALUE});

  private final VssCatalogue catalogue;
  private final boolean strict;
  private final List<Problem> problems = new ArrayList<>();
  private String scenario;

  private ValueCheck(VssCatalogue catalogue, boolean strict) {
    this.catalogue = catalogue;
    this.strict = strict;
  }

  /**
   * @param strict whether a constant a signal cannot take is an error rather than a warning
   */
  public static List<Problem> check(
      List<Scenario> scenarios, VssCatalogue catalogue, boolean strict) {
    ValueCheck check = new ValueCheck(catalogue, strict);
    for (Scenario s : scenarios) {
      if (s.condition() != null) {
        check.scenario = s.name();
        check.visit(s.condition());
      }
    }
    return check.problems;
  }

  private void visit(Condition condition) {
    if (condition instanceof Condition.Comparison c) {
      compare(c);
    } else if (condition instanceof Condition.All a) {
      a.items().forEach(this::visit);
    } else if (condition instanceof Condition.Any a) {
      a.items().forEach(this::visit);
    } else if (condition instanceof Condition.None n) {
      n.items().forEach(this::visit);
    } else if (condition instanceof Condition.Held h) {
      visit(h.item());
    } else if (condition instanceof Condition.Count c) {
      visit(c.item());
    } else if (condition instanceof Condition.Test t) {
      test(t);
    }
  }

  /** The constants of a leaf that compare the signal's own value: between, in and rearm. */
  private void test(Condition.Test t) {
    if (t.kind() instanceof TestKind.Between b) {
      check(t.path(), "between low", b.low(), t.kindOrigin());
      check(t.path(), "between high", b.high(), t.kindOrigin());
    } else if (t.kind() instanceof TestKind.In in) {
      in.values().forEach(v -> check(t.path(), "in value", v, t.kindOrigin()));
    } else if (t.kind() instanceof TestKind.Rearm r) {
      check(t.path(), "value", r.value(), t.origin());
      check(t.path(), "rearm level", r.rearm(), t.kindOrigin());
    }
  }

  private void compare(Condition.Comparison c) {
    check(c.path(), "value", c.value(), c.origin());
  }

  /**
   * @param what the constant's role, as the message names it ({@code value}, {@code between low})
   */
  private void check(String path, String what, Object value, Origin at) {
    VssCatalogue.Leaf leaf = catalogue.leaf(path);
    if (leaf == null) {
      return; // an unknown path is the path check's to report
    }
    String problem = problem(leaf, value);
    if (problem != null) {
      String message =
          "scenario "
              + scenario
              + ": "
              + what
              + " "
              + shown(value)
              + " for '"
              + path
              + "': "
              + problem;
      problems.add(
          strict
              ? Problem.error(at.file(), at.line(), at.column(), message)
              : Problem.warning(at.file(), at.line(), at.column(), message));
    }
  }

  /**
   * Why the signal {@code leaf} cannot take {@code value} (not one of its allowed values, not of
   * its datatype, outside its range), or null when it can.
   */
  public static String problem(VssCatalogue.Leaf leaf, Object value) {
    String datatype = leaf.datatype();
    if (datatype.endsWith("[]")) {
      return null;
    }
    if (!leaf.allowed().isEmpty()) {
      String text = SignalValues.text(value);
      boolean allowed = leaf.allowed().stream().anyMatch(a -> a.equalsIgnoreCase(text));
      return allowed ? null : "not one of the signal's allowed values " + leaf.allowed();
    }
    if (datatype.equals("boolean")) {
      return isBoolean(value) ? null : "the signal is a boolean (use true or false)";
    }
    double[] range = RANGES.get(datatype);
    if (range == null) {
      return null;
    }
    double number = SignalValues.number(value);
    if (Double.isNaN(number)) {
      return "the signal is a number (" + datatype + "), and this is text";
    }
    double min = Double.isNaN(leaf.min()) ? range[0] : Math.max(range[0], leaf.min());
    double max = Double.isNaN(leaf.max()) ? range[1] : Math.min(range[1], leaf.max());
    if (number < min || number > max) {
      return "outside the signal's range "
          + SignalValues.text(min)
          + " to "
          + SignalValues.text(max)
          + " ("
          + datatype
          + ")";
    }
    return null;
  }

  private static boolean isBoolean(Object value) {
    if (value instanceof Boolean) {
      return true;
    }
    String text = SignalValues.text(value).toLowerCase(Locale.ROOT);
    return text.equals("true") || text.equals("false") || text.equals("1") || text.equals("0");
  }

  /** The value with how it was read, so {@code OFF} read as text is not mistaken for false. */
  private static String shown(Object value) {
    if (value instanceof String text) {
      return "'" + text + "' (text)";
    }
    return SignalValues.text(value) + (value instanceof Boolean ? " (boolean)" : " (number)");
  }
}
