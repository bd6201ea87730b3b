package io.piccolo.simulator.spec;

import io.piccolo.engine.index.ScenarioIndex;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.simulator.replay.ReplayResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the specs run so far exercised of the rules they loaded: each DRL rule fired or not, each
 * YAML condition leaf seen true and seen false. Coverage is the items covered ÷ (DRL rules + leaves
 * × 2 outcomes); a rule file loaded by several cases counts once, and any case may cover it.
 */
public final class Coverage {
  private final Map<String, DrlRule> rules = new LinkedHashMap<>();
  private final Map<String, Leaf> leaves = new LinkedHashMap<>();

  private static final class DrlRule {
    final String name;
    final Place place;
    boolean fired;

    DrlRule(String name, Place place) {
      this.name = name;
      this.place = place;
    }
  }

  private static final class Leaf {
    final String scenario;
    final String summary;
    final Place place;
    boolean seenTrue;
    boolean seenFalse;

    Leaf(String scenario, String summary, Place place) {
      this.scenario = scenario;
      this.summary = summary;
      this.place = place;
    }
  }

  /** {@code file:line[:column]}, ordered by file, then numerically by line and column. */
  private record Place(String file, int line, int column) {
    static final Comparator<Place> ORDER =
        Comparator.comparing(Place::file)
            .thenComparingInt(Place::line)
            .thenComparingInt(Place::column);

    static Place of(String text) {
      String[] parts = text.split(":");
      int n = parts.length;
      try {
        return new Place(
            String.join(":", java.util.Arrays.copyOf(parts, n - 1)),
            Integer.parseInt(parts[n - 1]),
            0);
      } catch (NumberFormatException e) {
        return new Place(text, 0, 0);
      }
    }

    @Override
    public String toString() {
      return shown(file) + ":" + line + (column > 0 ? ":" + column : "");
    }

    /** Relative to the working folder when inside it, as the author typed the paths. */
    private static String shown(String file) {
      try {
        Path path = Path.of(file).toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : file;
      } catch (java.nio.file.InvalidPathException e) {
        return file;
      }
    }
  }

  /** The items of a rule base a case runs, whether or not the case gets to run them. */
  void register(RuleBase ruleBase) {
    for (String rule : ruleBase.drlRules()) {
      String place = ruleBase.origins().place(rule);
      rules.computeIfAbsent(
          place + " " + rule, k -> new DrlRule(rule, Place.of(place == null ? "<drl>:0" : place)));
    }
    for (ScenarioIndex.LeafOutcome o : new ScenarioIndex(ruleBase.scenarios()).leafOutcomes()) {
      leaf(o);
    }
  }

  private Leaf leaf(ScenarioIndex.LeafOutcome o) {
    return leaves.computeIfAbsent(
        o.origin() + " " + o.scenario(),
        k ->
            new Leaf(
                o.scenario(),
                o.summary(),
                new Place(o.origin().file(), o.origin().line(), o.origin().column())));
  }

  /** What one run of {@code ruleBase} exercised. */
  void add(RuleBase ruleBase, ReplayResult result) {
    for (String rule : ruleBase.drlRules()) {
      Long fired = result.firedByRule().get(rule);
      if (fired != null && fired > 0) {
        rules.get(ruleBase.origins().place(rule) + " " + rule).fired = true;
      }
    }
    for (ScenarioIndex.LeafOutcome o : result.conditions()) {
      Leaf leaf = leaf(o);
      leaf.seenTrue |= o.seenTrue();
      leaf.seenFalse |= o.seenFalse();
    }
  }

  public int items() {
    return rules.size() + 2 * leaves.size();
  }

  public int covered() {
    int n = 0;
    for (DrlRule r : rules.values()) {
      n += r.fired ? 1 : 0;
    }
    for (Leaf l : leaves.values()) {
      n += (l.seenTrue ? 1 : 0) + (l.seenFalse ? 1 : 0);
    }
    return n;
  }

  /** Covered items in percent; 100 when there is nothing to cover. */
  public double percent() {
    return items() == 0 ? 100 : 100.0 * covered() / items();
  }

  /** The summary line and one line per item not covered, in file and line order. */
  public List<String> report() {
    List<String> out = new ArrayList<>();
    long fired = rules.values().stream().filter(r -> r.fired).count();
    long outcomes = covered() - fired;
    out.add(
        String.format(
            Locale.ROOT,
            "coverage: %d of %d (%s %%): %d of %d DRL rules fired, %d of %d outcomes of %d YAML"
                + " condition leaves seen",
            covered(),
            items(),
            format(percent()),
            fired,
            rules.size(),
            outcomes,
            2 * leaves.size(),
            leaves.size()));
    record Line(Place place, String text) {}
    List<Line> lines = new ArrayList<>();
    for (DrlRule r : rules.values()) {
      if (!r.fired) {
        lines.add(new Line(r.place, r.place + ": DRL rule '" + r.name + "' never fired"));
      }
    }
    for (Leaf l : leaves.values()) {
      String missing =
          !l.seenTrue && !l.seenFalse
              ? "never true and never false (its signal never got a sample)"
              : !l.seenTrue ? "never true" : !l.seenFalse ? "never false" : null;
      if (missing != null) {
        lines.add(
            new Line(
                l.place,
                l.place + ": scenario " + l.scenario + ": " + l.summary + " was " + missing));
      }
    }
    lines.sort(Comparator.comparing(Line::place, Place.ORDER));
    lines.forEach(l -> out.add("  " + l.text()));
    return out;
  }

  /** One decimal, never rounded up to 100 unless everything is covered. */
  public static String format(double percent) {
    double floor = Math.floor(percent * 10) / 10;
    return String.format(Locale.ROOT, "%.1f", floor);
  }
}
