package io.piccolo.simulator.spec;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.simulator.replay.DecisionJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares a case's expected actions with what the run decided, as its {@code match} says, and
 * describes every difference with the expected entry and the actual action side by side.
 */
final class ActionComparison {
  /** Unexpected actions a failure lists one by one; the count covers the rest. */
  static final int MAX_UNEXPECTED_LISTED = 20;

  private final List<ExpectedAction> expected;
  private final List<DecidedAction> actual;
  private final long actualCount;
  private final List<String> failures;

  /**
   * @param actual the actions kept from the run, in output order
   * @param actualCount how many the run decided, kept or not
   */
  ActionComparison(
      List<ExpectedAction> expected,
      List<DecidedAction> actual,
      long actualCount,
      List<String> failures) {
    this.expected = expected;
    this.actual = actual;
    this.actualCount = actualCount;
    this.failures = failures;
  }

  void compare(Match match) {
    int before = failures.size();
    if (match == Match.EXACT) {
      inOrder();
    } else {
      anyOrder(match == Match.UNORDERED);
    }
    boolean countWrong =
        match == Match.CONTAINS ? actualCount < expected.size() : actualCount != expected.size();
    if (failures.size() > before && countWrong) {
      failures.add(
          before,
          "expected "
              + (match == Match.CONTAINS ? "at least " : "")
              + expected.size()
              + " action(s), got "
              + actualCount);
    }
  }

  private void inOrder() {
    int n = Math.max(expected.size(), actual.size());
    int unexpected = 0;
    for (int i = 0; i < n; i++) {
      if (i >= expected.size()) {
        if (unexpected++ < MAX_UNEXPECTED_LISTED) {
          failures.add("unexpected action #" + (i + 1) + ": " + DecisionJson.line(actual.get(i)));
        }
      } else if (i >= actual.size()) {
        failures.add("missing action #" + (i + 1) + ": expected " + entry(expected.get(i)));
      } else {
        List<String> diff = differences(expected.get(i), actual.get(i));
        if (!diff.isEmpty()) {
          failures.add(
              "action #"
                  + (i + 1)
                  + ": "
                  + String.join(", ", diff)
                  + "\n      expected: "
                  + entry(expected.get(i))
                  + "\n      actual:   "
                  + DecisionJson.line(actual.get(i)));
        }
      }
    }
    long notListed = actualCount - actual.size() + Math.max(0, unexpected - MAX_UNEXPECTED_LISTED);
    if (notListed > 0 && actualCount > expected.size()) {
      failures.add("… and " + notListed + " more unexpected action(s)");
    }
  }

  /** Each expected entry paired with a distinct action it matches, as many as can be paired. */
  private void anyOrder(boolean nothingElse) {
    int[] partnerOfActual = new int[actual.size()];
    Arrays.fill(partnerOfActual, -1);
    List<List<Integer>> candidates = new ArrayList<>();
    for (ExpectedAction e : expected) {
      List<Integer> fits = new ArrayList<>();
      for (int j = 0; j < actual.size(); j++) {
        if (differences(e, actual.get(j)).isEmpty()) {
          fits.add(j);
        }
      }
      candidates.add(fits);
    }
    for (int i = 0; i < expected.size(); i++) {
      pair(i, candidates, partnerOfActual, new boolean[actual.size()]);
    }
    int[] partnerOfExpected = new int[expected.size()];
    Arrays.fill(partnerOfExpected, -1);
    for (int j = 0; j < actual.size(); j++) {
      if (partnerOfActual[j] >= 0) {
        partnerOfExpected[partnerOfActual[j]] = j;
      }
    }
    for (int i = 0; i < expected.size(); i++) {
      if (partnerOfExpected[i] < 0) {
        failures.add(unmatched(i, partnerOfActual));
      }
    }
    if (nothingElse) {
      int listed = 0;
      long unpaired = 0;
      for (int j = 0; j < actual.size(); j++) {
        if (partnerOfActual[j] < 0) {
          unpaired++;
          if (listed++ < MAX_UNEXPECTED_LISTED) {
            failures.add("unexpected action: " + DecisionJson.line(actual.get(j)));
          }
        }
      }
      long notListed = Math.max(0, unpaired - MAX_UNEXPECTED_LISTED) + actualCount - actual.size();
      if (notListed > 0) {
        failures.add("… and " + notListed + " more unexpected action(s)");
      }
    } else if (actualCount > actual.size() && failures.size() > 0) {
      failures.add("(only the first " + actual.size() + " actions were compared)");
    }
  }

  /** Kuhn's augmenting path: expected entry {@code i} takes a free action or one it can free. */
  private static boolean pair(
      int i, List<List<Integer>> candidates, int[] partnerOfActual, boolean[] visited) {
    for (int j : candidates.get(i)) {
      if (!visited[j]) {
        visited[j] = true;
        if (partnerOfActual[j] < 0
            || pair(partnerOfActual[j], candidates, partnerOfActual, visited)) {
          partnerOfActual[j] = i;
          return true;
        }
      }
    }
    return false;
  }

  /** An expected entry that matched no action, with the unpaired action closest to it. */
  private String unmatched(int i, int[] partnerOfActual) {
    ExpectedAction e = expected.get(i);
    String head = "expected action #" + (i + 1) + " matched no action: " + entry(e);
    int best = -1;
    List<String> bestDiff = null;
    for (int j = 0; j < actual.size(); j++) {
      List<String> diff = differences(e, actual.get(j));
      if (partnerOfActual[j] < 0 && (bestDiff == null || diff.size() < bestDiff.size())) {
        best = j;
        bestDiff = diff;
      }
    }
    if (best < 0) {
      return head + "\n      (no unpaired action left to compare it with)";
    }
    return head
        + "\n      closest: "
        + String.join(", ", bestDiff)
        + "\n      actual:  "
        + DecisionJson.line(actual.get(best));
  }

  static List<String> differences(ExpectedAction expected, DecidedAction actual) {
    Map<String, Object> got = new HashMap<>();
    got.put("time", actual.timeMillis());
    got.put("scenario", actual.scenario());
    got.put("rule", actual.rule());
    got.put("action", actual.action());
    got.put("target", actual.target());
    got.put("decision", actual.decision().label());
    got.put("decided_by", actual.decidedBy());
    got.put("reason", actual.reason());
    List<String> out = new ArrayList<>();
    expected
        .fields()
        .forEach(
            (key, value) -> {
              if (!value.equals(got.get(key))) {
                out.add(
                    key + " expected " + show(key, value) + " but was " + show(key, got.get(key)));
              }
            });
    if (expected.params() != null && !sameParams(expected.params(), actual.params())) {
      out.add(
          "params expected " + params(expected.params()) + " but was " + params(actual.params()));
    }
    return out;
  }

  /** The same names, and values equal as numbers when both are numbers, as text otherwise. */
  private static boolean sameParams(Map<String, Object> expected, Map<String, Object> actual) {
    if (!expected.keySet().equals(actual.keySet())) {
      return false;
    }
    for (var e : expected.entrySet()) {
      Object a = actual.get(e.getKey());
      Object x = e.getValue();
      boolean equal =
          x instanceof Number && a instanceof Number
              ? ((Number) x).doubleValue() == ((Number) a).doubleValue()
              : String.valueOf(x).equals(String.valueOf(a));
      if (!equal) {
        return false;
      }
    }
    return true;
  }

  private static String params(Map<String, Object> params) {
    return new java.util.TreeMap<>(params)
        .entrySet().stream()
            .map(e -> e.getKey() + ": " + SignalValues.text(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
  }

  /** An expected entry as the spec wrote it, time in seconds, with its line. */
  private static String entry(ExpectedAction e) {
    List<String> parts = new ArrayList<>();
    e.fields()
        .forEach(
            (key, value) ->
                parts.add(key + ": " + (key.equals("time") ? ((Long) value) / 1000.0 : value)));
    if (e.params() != null) {
      parts.add("params: " + params(e.params()));
    }
    return "{" + String.join(", ", parts) + "} (line " + e.line() + ")";
  }

  private static String show(String key, Object value) {
    return key.equals("time") ? ((Long) value) / 1000.0 + " s" : "'" + value + "'";
  }
}
