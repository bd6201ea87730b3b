package io.piccolo.simulator.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The baseline: scenarios evaluated the way Pullpiri's filtergateway does, every sample checked
 * against every scenario's single condition, the topic compared as a string, and both sides parsed
 * from their text on every check. It remembers each scenario's last result only to count
 * transitions.
 */
final class PullpiriStyleEvaluator {
  private final String[] topics;
  private final String[] fields;
  private final String[] express;
  private final String[] targetValues;
  private final boolean[] last;
  private long transitions;

  PullpiriStyleEvaluator(Workload w) {
    int n = w.scenarios;
    topics = new String[n];
    fields = new String[n];
    express = new String[n];
    targetValues = new String[n];
    last = new boolean[n];
    for (int i = 0; i < n; i++) {
      topics[i] = new String(w.paths[w.signalOf(i)]); // a scenario's own copy, as parsed from YAML
      fields[i] = "value";
      express[i] = w.ops[i].spelling();
      targetValues[i] = Double.toString(w.thresholds[i]);
    }
  }

  void onSample(String topic, Map<String, String> data) {
    for (int i = 0; i < topics.length; i++) {
      if (!topic.equals(topics[i])) {
        continue;
      }
      String fieldValue = data.get(fields[i]);
      if (fieldValue == null) {
        continue;
      }
      boolean check = meets(express[i], targetValues[i], fieldValue);
      if (check != last[i]) {
        last[i] = check;
        transitions++;
      }
    }
  }

  private static boolean meets(String express, String target, String field) {
    switch (express) {
      case "eq":
        return target.toLowerCase(Locale.ROOT).equals(field.toLowerCase(Locale.ROOT));
      case "lt":
        return Float.parseFloat(field) < Float.parseFloat(target);
      case "le":
        return Float.parseFloat(field) <= Float.parseFloat(target);
      case "ge":
        return Float.parseFloat(field) >= Float.parseFloat(target);
      case "gt":
        return Float.parseFloat(field) > Float.parseFloat(target);
      default:
        return false;
    }
  }

  long transitions() {
    return transitions;
  }
}
