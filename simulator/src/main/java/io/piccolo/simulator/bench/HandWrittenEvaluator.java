package io.piccolo.simulator.bench;

import io.piccolo.engine.scenario.Op;
import java.util.HashMap;
import java.util.Map;

/**
 * The practical ceiling: signals indexed by path, thresholds compared as doubles, transitions
 * tracked; no rules engine at all.
 */
final class HandWrittenEvaluator {
  private final Map<String, int[]> scenariosByPath = new HashMap<>();
  private final double[] thresholds;
  private final boolean[] greater;
  private final boolean[] last;
  private long transitions;

  HandWrittenEvaluator(Workload w) {
    thresholds = w.thresholds.clone();
    greater = new boolean[w.scenarios];
    last = new boolean[w.scenarios];
    Map<String, int[]> building = new HashMap<>();
    for (int i = 0; i < w.scenarios; i++) {
      greater[i] = w.ops[i] == Op.GT;
      String path = w.paths[w.signalOf(i)];
      int[] old = building.getOrDefault(path, new int[0]);
      int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = i;
      building.put(path, grown);
    }
    scenariosByPath.putAll(building);
  }

  void onSample(String path, double value) {
    int[] scenarios = scenariosByPath.get(path);
    if (scenarios == null) {
      return;
    }
    for (int i : scenarios) {
      boolean now = greater[i] ? value > thresholds[i] : value < thresholds[i];
      if (now != last[i]) {
        last[i] = now;
        transitions++;
      }
    }
  }

  long transitions() {
    return transitions;
  }
}
