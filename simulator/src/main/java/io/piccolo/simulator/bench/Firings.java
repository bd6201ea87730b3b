package io.piccolo.simulator.bench;

import io.piccolo.engine.DecidedAction;
import java.util.List;

/** Compares what two evaluators fired on the same workload. */
final class Firings {
  private Firings() {}

  /**
   * @return the first firing in which {@code a} and {@code b} differ, described, or null when they
   *     fired the same rules at the same times with the same actions
   */
  static String firstDifference(
      String aName, List<DecidedAction> a, String bName, List<DecidedAction> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!key(a.get(i)).equals(key(b.get(i)))) {
        return "firing #"
            + (i + 1)
            + ": "
            + aName
            + " "
            + key(a.get(i))
            + ", "
            + bName
            + " "
            + key(b.get(i));
      }
    }
    if (a.size() != b.size()) {
      List<DecidedAction> longer = a.size() > b.size() ? a : b;
      return aName
          + " fired "
          + a.size()
          + " times, "
          + bName
          + " "
          + b.size()
          + "; first extra: "
          + key(longer.get(n));
    }
    return null;
  }

  private static String key(DecidedAction d) {
    return d.timeMillis() + " ms " + d.scenario() + " " + d.action() + " " + d.target();
  }
}
