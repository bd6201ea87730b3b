package io.piccolo.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a round's decisions into output order ({@link DecidedAction#ORDER}). The decisions of one
 * round share its time, so their order is their scenario's, then action and target: each known rule
 * and scenario name has a rank in name order, and the decisions sort by that number, a sort of
 * plain longs, with the comparator left for requests of one scenario. A round of hundreds of
 * requests otherwise spends most of its sorting comparing rule names.
 */
final class DecisionOrder {
  private final Map<String, Integer> rankByName = new HashMap<>();
  private int namesRanked;

  /** Sorts {@code decided} in place; {@code names} are the known rules and scenarios. */
  void sort(List<DecidedAction> decided, List<String> names) {
    if (decided.size() < 2) {
      return;
    }
    long[] keys = keys(decided, names);
    if (keys == null) {
      decided.sort(DecidedAction.ORDER); // times differ, or a request of no known rule
      return;
    }
    Arrays.sort(keys);
    List<DecidedAction> sorted = new ArrayList<>(decided.size());
    for (long key : keys) {
      sorted.add(decided.get((int) key));
    }
    for (int from = 0; from < keys.length; ) {
      int to = from + 1;
      while (to < keys.length && keys[to] >>> 32 == keys[from] >>> 32) {
        to++;
      }
      if (to - from > 1) {
        sorted.subList(from, to).sort(DecidedAction.ORDER);
      }
      from = to;
    }
    for (int i = 0; i < keys.length; i++) {
      decided.set(i, sorted.get(i));
    }
  }

  /** Each decision's scenario rank above its position, or null when ranks cannot order them. */
  private long[] keys(List<DecidedAction> decided, List<String> names) {
    if (names.size() != namesRanked) {
      rank(names);
    }
    long time = decided.get(0).timeMillis();
    long[] keys = new long[decided.size()];
    for (int i = 0; i < keys.length; i++) {
      DecidedAction d = decided.get(i);
      Integer rank = rankByName.get(d.scenario());
      if (rank == null || d.timeMillis() != time) {
        return null;
      }
      keys[i] = (long) rank << 32 | i;
    }
    return keys;
  }

  private void rank(List<String> names) {
    String[] ordered = names.toArray(String[]::new);
    Arrays.sort(ordered);
    rankByName.clear();
    for (int i = 0; i < ordered.length; i++) {
      rankByName.put(ordered[i], i);
    }
    namesRanked = names.size();
  }
}
