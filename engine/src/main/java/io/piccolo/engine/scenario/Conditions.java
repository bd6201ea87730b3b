package io.piccolo.engine.scenario;

import java.util.ArrayList;
import java.util.List;

/** Walks condition trees. */
public final class Conditions {
  private Conditions() {}

  /** The direct items of a group, or an empty list for a comparison. */
  public static List<Condition> items(Condition c) {
    if (c instanceof Condition.All all) {
      return all.items();
    }
    if (c instanceof Condition.Any any) {
      return any.items();
    }
    if (c instanceof Condition.None none) {
      return none.items();
    }
    if (c instanceof Condition.Held held) {
      return List.of(held.item());
    }
    if (c instanceof Condition.Count count) {
      return List.of(count.item());
    }
    return List.of();
  }

  /** Every comparison in the tree, depth first. */
  public static List<Condition.Comparison> comparisons(Condition c) {
    List<Condition.Comparison> out = new ArrayList<>();
    collect(c, out);
    return out;
  }

  /** A signal a leaf reads, and where the rule file names it. */
  public record SignalUse(String path, Origin origin) {}

  /** Every signal any leaf of the tree reads, comparisons and tests alike, depth first. */
  public static List<SignalUse> signalUses(Condition c) {
    List<SignalUse> out = new ArrayList<>();
    collectUses(c, out);
    return out;
  }

  private static void collectUses(Condition c, List<SignalUse> out) {
    if (c instanceof Condition.Comparison cmp) {
      out.add(new SignalUse(cmp.path(), cmp.origin()));
    } else if (c instanceof Condition.Test t) {
      out.add(new SignalUse(t.path(), t.origin()));
      if (t.kind() instanceof TestKind.Versus v) {
        out.add(new SignalUse(v.other(), t.kindOrigin()));
      }
    }
    for (Condition item : items(c)) {
      collectUses(item, out);
    }
  }

  private static void collect(Condition c, List<Condition.Comparison> out) {
    if (c instanceof Condition.Comparison cmp) {
      out.add(cmp);
    }
    for (Condition item : items(c)) {
      collect(item, out);
    }
  }
}
