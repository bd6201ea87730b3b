package io.piccolo.simulator.spec;

import io.piccolo.engine.Evaluator;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.simulator.replay.TimedFacts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec's seeded facts for one run, in time order (a spec's order within one time). State and
 * artifact facts are kept per group and key, so a later fact of one name replaces the earlier.
 */
final class GivenFacts implements TimedFacts {
  private final List<SeededFact> facts;
  private final Map<String, Map<String, Object>> groups = new HashMap<>();
  private int next;

  /**
   * @param facts sorted by time
   */
  GivenFacts(List<SeededFact> facts) {
    this.facts = facts;
  }

  @Override
  public long nextDue() {
    return next < facts.size() ? facts.get(next).atMillis() : Long.MAX_VALUE;
  }

  @Override
  public void applyDue(Evaluator evaluator, long time) {
    Map<String, Map<String, Object>> touched = new LinkedHashMap<>();
    for (; next < facts.size() && facts.get(next).atMillis() <= time; next++) {
      SeededFact f = facts.get(next);
      switch (f.kind().keeping) {
        case AS_RESULT -> evaluator.addResult((ActionResult) f.fact());
        case AS_MISS -> evaluator.addDeadlineMiss((DeadlineMiss) f.fact());
        default -> {
          String group = f.kind().group();
          Map<String, Object> kept = groups.computeIfAbsent(group, g -> new LinkedHashMap<>());
          kept.put(f.key(), f.fact());
          touched.put(group, kept);
        }
      }
    }
    touched.forEach((group, kept) -> evaluator.replaceFacts(group, Map.copyOf(kept)));
  }
}
