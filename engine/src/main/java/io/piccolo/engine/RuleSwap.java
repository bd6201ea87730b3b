package io.piccolo.engine;

import io.piccolo.engine.fact.ActionRequest;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.fact.Episode;
import io.piccolo.engine.fact.Signal;
import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.fact.WindowValue;
import io.piccolo.engine.index.ScenarioIndex;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.core.common.EqualityKey;
import org.drools.core.common.InternalFactHandle;
import org.kie.api.definition.type.FactType;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Moves an evaluator's state into a new session of new rules, on the evaluator's thread between
 * rounds, so no sample is lost or evaluated twice. Everything is inserted into the new session
 * before the old one is released: a failure leaves the old evaluator as it was.
 */
final class RuleSwap {
  private final Evaluator before;
  private final Evaluator after;
  private final DeclaredTypes oldTypes;
  private final DeclaredTypes newTypes;
  private final Map<String, int[]> dropped = new LinkedHashMap<>();
  private final Map<String, String> reasons = new LinkedHashMap<>();

  /** Each carried fact of the old session, to the fact that stands for it in the new one. */
  private final Map<Object, Object> carriedAs = new IdentityHashMap<>();

  private RuleSwap(Evaluator before, Evaluator after) {
    this.before = before;
    this.after = after;
    this.oldTypes = new DeclaredTypes(before.ruleBase().kieBase());
    this.newTypes = new DeclaredTypes(after.ruleBase().kieBase());
  }

  static Evaluator.RulesReplaced perform(
      Evaluator before, RuleBase next, List<Scenario> definitions) {
    Evaluator after = new Evaluator(next, before.options(), before.stats());
    try {
      after.advanceTo(before.now()); // a pseudo clock starts at 0; the real one reads the time
      CarryOver carried = new RuleSwap(before, after).carry(definitions);
      before.stats().rulesReplaced(next.buildNanos(), after::factCount);
      before.close();
      return new Evaluator.RulesReplaced(after, carried);
    } catch (RuntimeException e) {
      after.close();
      throw RuleFailure.matching(e, before.now(), next.origins());
    }
  }

  private CarryOver carry(List<Scenario> definitions) {
    int stateFacts = 0;
    Set<Object> known = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Map<String, Object>> group : before.contextFacts().entrySet()) {
      after.replaceFacts(group.getKey(), group.getValue());
      known.addAll(group.getValue().values());
      group.getValue().values().forEach(f -> carriedAs.put(f, f));
      stateFacts += group.getValue().size();
    }
    int declared = carryDeclared(known);
    int signals = 0;
    for (ScenarioIndex.LastSample s : before.index().lastSamples()) {
      if (after.carrySignal(s.path(), s.value(), s.time())) {
        signals++;
        Signal old = before.signalFact(s.path());
        if (old != null) {
          carriedAs.put(old, after.signalFact(s.path()));
        }
      }
    }
    int events = carryEvents();
    before.results().forEach(after::carryResult);
    before.results().forEach(r -> carriedAs.put(r, r));
    before.deadlineMisses().forEach(m -> carriedAs.put(m, m));
    before.deadlineMisses().forEach(after::carryDeadlineMiss);
    carryEpisodes();
    after.continueFrom(before, definitions);
    ScenarioIndex index = after.index();
    int continued = index.continuedScenarios();
    List<CarryOver.Dropped> left = new ArrayList<>();
    dropped.forEach((type, n) -> left.add(new CarryOver.Dropped(type, n[0], reasons.get(type))));
    return new CarryOver(
        signals, events, stateFacts, declared, continued, index.size() - continued, left);
  }

  /** Events in time order, so windows see them as they came. */
  private int carryEvents() {
    Map<String, List<SignalEvent>> byPath = new LinkedHashMap<>();
    for (Object o : before.session().getObjects(o -> o instanceof SignalEvent)) {
      SignalEvent e = (SignalEvent) o;
      if (!before.expired(e)) {
        byPath.computeIfAbsent(e.getPath(), p -> new ArrayList<>()).add(e);
      }
    }
    // a path's samples since some time, whichever reaches further back: the session's events or
    // the windows the engine kept
    before
        .keptSamples()
        .forEach(
            (path, kept) -> {
              List<SignalEvent> inSession = byPath.get(path);
              if (inSession == null || kept.size() > inSession.size()) {
                byPath.put(path, kept);
              }
            });
    List<SignalEvent> events = new ArrayList<>();
    byPath.values().forEach(events::addAll);
    events.sort(Comparator.comparingLong(SignalEvent::getTime));
    int carried = 0;
    for (SignalEvent e : events) {
      if (after.carryEvent(e)) {
        carriedAs.put(e, e);
        carried++;
      }
    }
    return carried;
  }

  /**
   * Facts rules inserted: copied when their declared type is unchanged; facts a rule inserted
   * logically are left for the new rules to derive again.
   */
  private int carryDeclared(Set<Object> known) {
    int carried = 0;
    for (FactHandle handle : before.session().getFactHandles()) {
      Object fact = before.session().getObject(handle);
      if (fact == null
          || known.contains(fact)
          || fact instanceof Signal
          || fact instanceof SignalEvent
          || fact instanceof WindowValue
          || fact instanceof ActionRequest
          || fact instanceof ActionResult
          || fact instanceof DeadlineMiss
          || justified(handle)) {
        continue;
      }
      FactType type = oldTypes.of(fact);
      if (type == null) {
        drop(fact.getClass().getName(), "it is not a declared type, signal or state fact");
        continue;
      }
      FactType next = newTypes.named(type.getName());
      String why = oldTypes.difference(type, next);
      if (why != null) {
        drop(type.getName(), why);
        continue;
      }
      Object copy = DeclaredTypes.copy(fact, type, next);
      after.session().insert(copy);
      carriedAs.put(fact, copy);
      carried++;
    }
    return carried;
  }

  /**
   * Open episodes of edge-triggered rules whose text did not change, when every fact of the match
   * was carried: the new session's first round finds them open and fires nothing for them.
   */
  private void carryEpisodes() {
    Map<String, String> unchanged = new java.util.HashMap<>(after.ruleBase().edgeRules());
    unchanged.entrySet().retainAll(before.ruleBase().edgeRules().entrySet());
    if (unchanged.isEmpty()) {
      return;
    }
    for (Object o : before.session().getObjects(o -> o instanceof Episode)) {
      Episode episode = (Episode) o;
      if (!unchanged.containsKey(episode.getRule())) {
        continue;
      }
      Object[] facts = episode.facts();
      boolean whole = true;
      for (int i = 0; i < facts.length && whole; i++) {
        facts[i] = carriedAs.get(facts[i]);
        whole = facts[i] != null;
      }
      if (whole) {
        after.episodes().continueEpisode(new Episode(episode.getRule(), facts));
      }
    }
  }

  private static boolean justified(FactHandle handle) {
    EqualityKey key =
        handle instanceof InternalFactHandle internal ? internal.getEqualityKey() : null;
    return key != null && key.getStatus() == EqualityKey.JUSTIFIED;
  }

  private void drop(String type, String reason) {
    dropped.computeIfAbsent(type, t -> new int[1])[0]++;
    reasons.putIfAbsent(type, reason);
  }
}
