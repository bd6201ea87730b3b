package io.piccolo.engine;

import io.piccolo.engine.decision.RequestReaders;
import io.piccolo.engine.decision.RoundRequests;
import io.piccolo.engine.fact.ActionRequest;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.fact.EdgeFired;
import io.piccolo.engine.fact.Signal;
import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.index.ScenarioIndex;
import io.piccolo.engine.rulebase.IndexedEdgeRule;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.SignalInterest;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.drools.core.common.InternalWorkingMemory;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.conf.TimerJobFactoryOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.kie.internal.event.rule.RuleEventManager;

/**
 * One Drools session in STREAM mode and the scenario index in front of it, owned by one thread.
 * Samples are applied in batches; {@link #evaluate()} then runs one round: fire the scenarios whose
 * condition changed, {@code fireAllRules} once, and settle every request the round made.
 */
public final class Evaluator implements AutoCloseable {
  private final RuleBase ruleBase;
  private final EvaluatorOptions options;
  private final KieSession session;
  private final SessionPseudoClock pseudoClock;
  private ScenarioIndex index;

  /** The conditions of edge-triggered DRL rules the index evaluates; null when there are none. */
  private ScenarioIndex edgeIndex;

  /** Those rules by name: the path of each pattern, and the requests of a constant then block. */
  private final Map<String, IndexedEdgeRule> edgeRules = new HashMap<>();

  private final EngineStats stats;
  private final RuleTracker tracker;
  private final EdgeEpisodes episodes = new EdgeEpisodes();
  private final SignalInterest factPaths;
  private final SignalInterest eventPaths;
  private final Map<String, SignalSlot> signalFacts = new HashMap<>();
  private final boolean sessionHasRules;
  private final RoundRequests requests;
  private final DecisionOrder order = new DecisionOrder();

  /** Whether any rule can see a request ({@link RequestReaders}). */
  private final boolean requestsSeen;

  /** One supplier for every request and round, rather than one per request. */
  private final Supplier<String> currentRuleName = this::currentRule;

  /** The events this evaluator deletes itself, or null when Drools expires them. */
  private final ExpiringEvents expiring;

  /** The windows whose results the engine keeps itself, or null. */
  private final WindowKeeper windows;

  /** Results of actions, kept for the retention. */
  private final RecentEvents<ActionResult> results;

  /** Deadline misses of TIMPANI tasks, kept for the same retention. */
  private final RecentEvents<DeadlineMiss> misses;

  private long now;

  /**
   * Scenarios or facts were replaced since the last round, or no round ran yet: the next step
   * evaluates even without samples.
   */
  private boolean changed = true;

  /** Told every firing, or null. */
  private FiringListener firingListener;

  /** Real clock, DRL rules present: how often a round runs when nothing else asks for one. */
  static final long DRL_TICK_MILLIS = 10;

  /**
   * Real clock: how long past its expiry an event the evaluator deletes itself stays, so that
   * Drools' timer thread has surely taken it out of its windows first.
   */
  static final long LIVE_EXPIRY_GRACE_MILLIS = 1_000;

  private static final long NO_ROUND = Long.MIN_VALUE / 2;

  /** When the last round ran, on the session clock. */
  private long lastRound = NO_ROUND;

  private record SignalSlot(Signal fact, FactHandle handle) {}

  /** Facts kept in step with the outside (artifacts, states), per group, by key. */
  private final Map<String, Map<String, FactHandle>> context = new HashMap<>();

  public Evaluator(RuleBase ruleBase, EvaluatorOptions options) {
    this(ruleBase, options, null);
  }

  /** With {@code shared} counters: the evaluator of new rules carries on the old one's meters. */
  Evaluator(RuleBase ruleBase, EvaluatorOptions options, EngineStats shared) {
    this.ruleBase = ruleBase;
    this.options = options;
    KieSessionConfiguration config = KieServices.get().newKieSessionConfiguration();
    config.setOption(ClockTypeOption.get(options.pseudoClock() ? "pseudo" : "realtime"));
    if (options.pseudoClock()) {
      // jobs tracked for persisting a session, which nothing does; tracking costs a map per job
      config.setOption(TimerJobFactoryOption.get("default"));
    }
    this.session = ruleBase.kieBase().newKieSession(config, null);
    this.requestsSeen = RequestReaders.any(ruleBase.kieBase());
    this.sessionHasRules = hasRules(ruleBase.kieBase());
    this.requests = new RoundRequests(session, requestsSeen);
    this.pseudoClock = options.pseudoClock() ? session.getSessionClock() : null;
    this.expiring =
        ruleBase.engineDropsEvents() ? new ExpiringEvents(ruleBase.eventExpiryMillis()) : null;
    this.windows =
        ruleBase.keptWindows().isEmpty() ? null : new WindowKeeper(ruleBase.keptWindows(), session);
    this.results = new RecentEvents<>(options.resultRetention().toMillis(), ActionResult::getTime);
    this.misses = new RecentEvents<>(options.resultRetention().toMillis(), DeadlineMiss::getTime);
    this.index = new ScenarioIndex(ruleBase.scenarios());
    ruleBase.indexedEdgeRules().forEach(r -> edgeRules.put(r.scenario().name(), r));
    this.edgeIndex = edgeRules.isEmpty() ? null : new ScenarioIndex(edgeScenarios());
    this.stats =
        shared != null
            ? shared
            : new EngineStats(options.meters(), ruleBase.buildNanos(), session::getFactCount);
    ruleBase.drlRules().forEach(stats::knownRule);
    ruleBase.scenarios().forEach(s -> stats.knownRule(s.name()));
    this.tracker =
        new RuleTracker(stats, episodes, ruleBase.kieBase(), Set.copyOf(ruleBase.drlRules()));
    this.factPaths = ruleBase.signalFacts();
    this.eventPaths = ruleBase.signalEvents();
    ((RuleEventManager) session).addEventListener(tracker);
    if (ruleBase.hasActionsGlobal()) {
      try {
        session.setGlobal("actions", new Actions(this));
      } catch (RuntimeException e) {
        throw RuleFailure.matching(e, now, ruleBase.origins());
      }
    }
    if (ruleBase.edgeRules().size() > ruleBase.indexedEdgeRules().size()) {
      // some edge-triggered rule runs in the session and asks through the global
      session.setGlobal(RuleBase.EDGE_GLOBAL, episodes);
    }
    this.now = session.getSessionClock().getCurrentTime();
    index.start(now);
  }

  /** The session clock, epoch ms; 0 at the start of a simulation. */
  public long now() {
    return now;
  }

  /** The session clock read now, not as of the last batch. */
  public long clock() {
    return session.getSessionClock().getCurrentTime();
  }

  /** The outcome of {@link #replaceRules}: the evaluator that takes over, and what it took. */
  public record RulesReplaced(Evaluator evaluator, CarryOver carryOver) {}

  /**
   * Hands this evaluator's state to a new session of {@code next}, between rounds: the latest
   * signals, state and artifact facts, {@code SignalEvent}s still inside a window (at their own
   * times), facts of DRL-declared types whose declaration did not change, and the truth and {@code
   * for} timers of unchanged scenarios. DRL {@code timer} attributes start again. On success this
   * evaluator is closed and the returned one runs on; when carrying over fails (a new rule's
   * condition throws on a carried fact), this one is left as it was.
   *
   * @param definitions the scenarios to run from now on (the rule base's, and any stored ones)
   * @throws RuleFailure naming the rule that failed on a carried fact
   */
  public RulesReplaced replaceRules(RuleBase next, List<Scenario> definitions) {
    return RuleSwap.perform(this, next, definitions);
  }

  /** Moves a pseudo clock forward to {@code time}; a live evaluator reads the real clock. */
  public void advanceTo(long time) {
    if (pseudoClock == null) {
      now = session.getSessionClock().getCurrentTime();
      deleteExpiredEvents();
      expireKeptWindows();
      deleteExpiredResults();
      return;
    }
    deleteExpiredEvents();
    if (time > now) {
      try {
        pseudoClock.advanceTime(time - now, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        throw RuleFailure.matching(e, time, ruleBase.origins());
      }
      now = time;
    }
    expireKeptWindows();
    deleteExpiredResults();
  }

  private void expireKeptWindows() {
    if (windows != null && windows.expire(now)) {
      changed = true; // a window's result changed: the round must come, samples or not
    }
  }

  private void deleteExpiredResults() {
    if (results.size() > 0 || misses.size() > 0) {
      try {
        results.deleteExpired(session, now);
        misses.deleteExpired(session, now);
      } catch (RuntimeException e) {
        throw RuleFailure.matching(e, now, ruleBase.origins());
      }
    }
  }

  /**
   * Puts the result of an action into the session; rules see it at the next {@link #evaluate},
   * which runs even when no sample comes with it. It stays for the options' result retention past
   * its time.
   */
  public void addResult(ActionResult result) {
    try {
      results.insert(session, result);
    } catch (RuntimeException e) {
      throw RuleFailure.matching(e, now, ruleBase.origins());
    }
    changed = true;
  }

  /** The results of actions still in the session, oldest first. */
  public List<ActionResult> results() {
    return results.current();
  }

  /**
   * Puts a TIMPANI task's deadline miss into the session, as {@link #addResult} does a result:
   * rules see it at the next {@link #evaluate}, and it stays for the result retention past its
   * time.
   */
  public void addDeadlineMiss(DeadlineMiss miss) {
    try {
      misses.insert(session, miss);
    } catch (RuntimeException e) {
      throw RuleFailure.matching(e, now, ruleBase.origins());
    }
    changed = true;
  }

  /** The deadline misses still in the session, oldest first. */
  public List<DeadlineMiss> deadlineMisses() {
    return misses.current();
  }

  /**
   * Events expired by the last round at the latest: every window let go of them in that round or
   * before. Deleted in the round their window lets go, the delete would take them out instead.
   */
  private long expiredThrough() {
    return pseudoClock != null ? lastRound : lastRound - LIVE_EXPIRY_GRACE_MILLIS;
  }

  private void deleteExpiredEvents() {
    if (expiring != null) {
      try {
        expiring.deleteExpired(session, expiredThrough());
      } catch (RuntimeException e) {
        throw RuleFailure.matching(e, now, ruleBase.origins());
      }
    }
  }

  /**
   * Whether a rule or scenario reads the latest value of {@code path} (a {@code Signal} fact or a
   * scenario condition), so that two samples of it in one round could hide the first from it.
   */
  public boolean readsLatest(String path) {
    return readsSignalFact(path)
        || index.reads(path)
        || (edgeIndex != null && edgeIndex.reads(path));
  }

  /**
   * Whether a rule or scenario would miss {@code earlier} if {@code later} followed it in the same
   * round: a DRL rule matches the path's {@code Signal} fact (it may read any value), or a
   * scenario's comparison tells the two values apart.
   */
  public boolean wouldMiss(String path, Object earlier, Object later) {
    return readsSignalFact(path)
        || index.tellsApart(path, earlier, later)
        || (edgeIndex != null && edgeIndex.tellsApart(path, earlier, later));
  }

  private boolean readsSignalFact(String path) {
    return !factPaths.isNone() && factPaths.wants(path);
  }

  /** Applies one sample at the current session time; rules see it at the next {@link #evaluate}. */
  public void apply(String path, Object value) {
    apply(path, value, now);
  }

  /**
   * Applies one sample that carries its own timestamp (e.g. from the vehicle): the {@code Signal}
   * and {@code SignalEvent} facts keep it as their {@code time}; evaluation still runs on the
   * session clock.
   */
  public void apply(String path, Object value, long sampleTime) {
    stats.signalIn();
    double number = SignalValues.number(value);
    index.onSample(path, number, value, sampleTime);
    if (edgeIndex != null) {
      edgeIndex.onSample(path, number, value, sampleTime);
    }
    if (windows != null) {
      windows.onSample(path, number, value, sampleTime, now);
    }
    try {
      if (!factPaths.isNone() && factPaths.wants(path)) {
        updateSignalFact(path, value, sampleTime);
      }
      if (!eventPaths.isNone() && eventPaths.wants(path)) {
        insertEvent(new SignalEvent(path, value, sampleTime));
      }
    } catch (RuntimeException e) {
      // inserting and updating facts evaluates conditions, which may throw
      throw RuleFailure.matching(e, now, ruleBase.origins());
    }
  }

  private void insertEvent(SignalEvent event) {
    FactHandle handle = session.insert(event);
    if (expiring != null) {
      expiring.add(handle, event.getTime());
    }
  }

  private void updateSignalFact(String path, Object value, long time) {
    SignalSlot slot = signalFacts.get(path);
    if (slot == null) {
      Signal fact = new Signal(path, value, time);
      signalFacts.put(path, new SignalSlot(fact, session.insert(fact)));
    } else {
      slot.fact().set(value, time);
      session.update(slot.handle(), slot.fact());
    }
  }

  /**
   * One instant of a run, the operation replays, specs and the live loop share: every timer due by
   * {@code time} runs in its own round at its own due time, the clock moves to {@code time}, the
   * samples are applied, and one round evaluates them (also when scenarios or facts were replaced
   * since the last round, even without samples).
   *
   * @return the decided requests of every round, in time order
   */
  public List<DecidedAction> step(long time, SampleBatch samples) {
    return step(time, samples, List.of());
  }

  /**
   * As {@link #step(long, SampleBatch)}, with the results of actions that came in since the last
   * round: they go into the session after the clock moved, before the samples, and the round sees
   * both.
   */
  public List<DecidedAction> step(long time, SampleBatch samples, List<ActionResult> newResults) {
    return step(time, samples, 0, samples.size(), newResults);
  }

  /**
   * As {@link #step(long, SampleBatch, List)}, with the samples {@code from} to {@code to}
   * (excluded).
   */
  public List<DecidedAction> step(
      long time, SampleBatch samples, int from, int to, List<ActionResult> newResults) {
    List<DecidedAction> timed = runTimersThrough(time);
    advanceTo(time);
    for (ActionResult r : newResults) {
      addResult(r);
    }
    for (int i = from; i < to; i++) {
      long sampleTime = samples.time(i);
      apply(samples.path(i), samples.value(i), sampleTime == SampleBatch.NOW ? now : sampleTime);
    }
    if (from == to && !changed) {
      return timed;
    }
    List<DecidedAction> round = evaluate();
    if (timed.isEmpty()) {
      return round;
    }
    timed.addAll(round);
    return timed;
  }

  /**
   * One round at the current time: scenarios whose condition changed fire, then {@code
   * fireAllRules}, then every request of the round is settled and leaves working memory.
   *
   * @return the decided requests, in output order
   */
  public List<DecidedAction> evaluate() {
    long start = System.nanoTime();
    changed = false;
    lastRound = now;
    RoundWatchdog watchdog = options.watchdog();
    if (watchdog != null) {
      watchdog.roundStarted(currentRuleName, now);
    }
    try {
      if (windows != null) {
        windows.publish();
      }
      index.evaluate(now, this::fireScenario);
      if (edgeIndex != null) {
        edgeIndex.evaluate(now, this::fireEdgeRule);
      }
      if (sessionHasRules) {
        session.fireAllRules();
      }
      episodes.endContinuation();
    } catch (RuntimeException e) {
      abandonRound();
      stats.roundFailed();
      RuleFailure failure = RuleFailure.matching(e, now, ruleBase.origins());
      stats.ruleFailed(failure.rule());
      throw failure;
    } finally {
      if (watchdog != null) {
        watchdog.roundEnded();
      }
    }
    List<DecidedAction> decided;
    try {
      decided = settle();
    } catch (RuntimeException e) {
      stats.roundFailed();
      throw RuleFailure.matching(e, now, ruleBase.origins());
    }
    stats.roundStood();
    stats.round(System.nanoTime() - start);
    return decided;
  }

  /**
   * Whether the session holds a rule at all: without one a round has nothing to fire, and a rule
   * set of YAML scenarios only skips Drools' fixed cost per round.
   */
  private static boolean hasRules(org.kie.api.KieBase kieBase) {
    for (org.kie.api.definition.KiePackage pkg : kieBase.getKiePackages()) {
      if (!pkg.getRules().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private void abandonRound() {
    requests.abandon();
  }

  private void fireScenario(Scenario s) {
    stats.ruleFired(s.name());
    // one request per action, in the order written; policies decide each on its own
    for (ScenarioAction a : s.actions()) {
      submit(a.action(), a.target(), s.name(), s.name(), index.fill(a.params()));
    }
  }

  /**
   * An edge-triggered rule's match is new: its then block runs in the session, on the fact. A then
   * block of constant requests is made here instead when no rule can see a request: nothing could
   * then tell the two apart, and the session's insert, agenda and consequence class are the most of
   * what such a firing costs.
   */
  private void fireEdgeRule(Scenario scenario) {
    IndexedEdgeRule rule = edgeRules.get(scenario.name());
    if (!requestsSeen && !rule.requests().isEmpty()) {
      for (ScenarioAction a : rule.requests()) {
        submit(a.action(), a.target(), scenario.name(), scenario.name(), a.params());
      }
      stats.ruleFired(scenario.name());
      return;
    }
    List<String> paths = rule.patternPaths();
    Signal[] matched = new Signal[paths.size()];
    for (int i = 0; i < matched.length; i++) {
      ScenarioIndex.LastSample last = edgeIndex.lastSample(paths.get(i));
      matched[i] = new Signal(paths.get(i), last.value(), last.time());
    }
    session.insert(new EdgeFired(scenario.name(), matched));
  }

  private List<Scenario> edgeScenarios() {
    return ruleBase.indexedEdgeRules().stream().map(r -> r.scenario()).toList();
  }

  ActionRequest submit(
      String action, String target, String scenario, String rule, Map<String, Object> params) {
    ActionRequest request =
        new ActionRequest(action, target, scenario, rule, params, now, currentRuleName);
    requests.add(request);
    tracker.requestMade();
    return request;
  }

  String currentRule() {
    String rule = tracker.current();
    return rule == null ? "engine" : rule;
  }

  private List<DecidedAction> settle() {
    List<ActionRequest> settled = requests.settle(options.denyByDefault());
    if (settled.isEmpty()) {
      return List.of();
    }
    List<DecidedAction> decided = new ArrayList<>(settled.size());
    for (ActionRequest r : settled) {
      stats.decided(r.getAction(), r.getDecision());
      decided.add(DecidedAction.of(r));
    }
    order.sort(decided, stats.ruleNames());
    return decided;
  }

  /**
   * Swaps in new scenario definitions without a restart. Unchanged scenarios carry on where they
   * were; new and changed ones are evaluated at the next round against the last samples.
   */
  public void replaceScenarios(List<Scenario> definitions) {
    index = index.successor(definitions, now);
    changed = true;
    definitions.forEach(s -> stats.knownRule(s.name()));
  }

  /**
   * Makes a group of facts (e.g. every {@code PackageState}) match {@code facts}: new keys are
   * inserted, known ones updated, missing ones deleted. Rules see the change at the next round.
   */
  public void replaceFacts(String group, Map<String, ?> facts) {
    try {
      syncFacts(group, facts);
    } catch (RuntimeException e) {
      throw RuleFailure.matching(e, now, ruleBase.origins());
    }
  }

  private void syncFacts(String group, Map<String, ?> facts) {
    Map<String, FactHandle> handles = context.computeIfAbsent(group, g -> new HashMap<>());
    changed = true;
    handles
        .entrySet()
        .removeIf(
            e -> {
              if (facts.containsKey(e.getKey())) {
                return false;
              }
              session.delete(e.getValue());
              return true;
            });
    facts.forEach(
        (key, fact) -> {
          FactHandle handle = handles.get(key);
          if (handle == null) {
            handles.put(key, session.insert(fact));
          } else if (!fact.equals(session.getObject(handle))) {
            session.update(handle, fact);
          }
        });
  }

  /** When a {@code for} condition or a DRL timer is next due, or Long.MAX_VALUE. */
  public long nextDue() {
    long due = index.nextTimerDue();
    if (pseudoClock != null) {
      if (windows != null) {
        due = Math.min(due, windows.nextExpiry());
      }
      long drools = ((InternalWorkingMemory) session).getTimeToNextJob();
      if (drools >= 0) {
        due = Math.min(due, session.getSessionClock().getCurrentTime() + drools);
      }
      return due;
    }
    // on the real clock Drools runs its own jobs (DRL timers, window expiry) on its timer thread
    // and cannot say when (it answers 0): a round every DRL_TICK fires what they activated
    return ruleBase.drlRules().isEmpty() ? due : Math.min(due, lastRound + DRL_TICK_MILLIS);
  }

  /**
   * Runs every timer due up to and including {@code time}, each in its own round at its own due
   * time, so an action fired by a timer carries the timer's time.
   */
  public List<DecidedAction> runTimersThrough(long time) {
    List<DecidedAction> decided = new ArrayList<>();
    if (lastRound == NO_ROUND && time > now) {
      // the run starts when the evaluator does, not at its first sample: what holds before any
      // sample (no condition, a negation) fires then, also when the first step comes later
      decided.addAll(evaluate());
    }
    long last = Long.MIN_VALUE;
    for (long due = nextDue(); due <= time; due = nextDue()) {
      long at = Math.max(due, now);
      if (at == last && index.nextTimerDue() > at) {
        break; // a Drools job that did not move on: leave it for the next sample
      }
      last = at;
      advanceTo(at);
      index.expireTimers(at);
      decided.addAll(evaluate());
    }
    return decided;
  }

  KieSession session() {
    return session;
  }

  EvaluatorOptions options() {
    return options;
  }

  long lastRound() {
    return lastRound;
  }

  /** Facts kept in step with the outside, by group and key. */
  Map<String, Map<String, Object>> contextFacts() {
    Map<String, Map<String, Object>> out = new HashMap<>();
    context.forEach(
        (group, handles) -> {
          Map<String, Object> facts = new HashMap<>();
          handles.forEach((key, handle) -> facts.put(key, session.getObject(handle)));
          out.put(group, facts);
        });
    return out;
  }

  /** Takes over what the evaluator it replaces knew; see {@link #replaceRules}. */
  void continueFrom(Evaluator before, List<Scenario> definitions) {
    lastRound = before.lastRound;
    index = before.index.successor(definitions, now);
    if (edgeIndex != null) {
      // the latest samples of every path, and the truth of rules that did not change
      ScenarioIndex last = before.edgeIndex != null ? before.edgeIndex : before.index;
      edgeIndex = last.successor(edgeScenarios(), now);
    }
    definitions.forEach(s -> stats.knownRule(s.name()));
    changed = true;
    if (before.firingListener != null) {
      listenFirings(before.firingListener);
    }
  }

  /** A latest value carried over, if some rule of this rule base matches it. */
  boolean carrySignal(String path, Object value, long time) {
    if (factPaths.isNone() || !factPaths.wants(path)) {
      return false;
    }
    Signal fact = new Signal(path, value, time);
    signalFacts.put(path, new SignalSlot(fact, session.insert(fact)));
    return true;
  }

  /** The {@code Signal} fact of a path, or null when the session holds none. */
  Signal signalFact(String path) {
    SignalSlot slot = signalFacts.get(path);
    return slot == null ? null : slot.fact();
  }

  /** The episodes edge-triggered rules of this session have open. */
  EdgeEpisodes episodes() {
    return episodes;
  }

  /** A result carried over from the evaluator this one replaces, at its own time. */
  void carryResult(ActionResult result) {
    results.insert(session, result);
  }

  /** A deadline miss carried over from the evaluator this one replaces. */
  void carryDeadlineMiss(DeadlineMiss miss) {
    misses.insert(session, miss);
  }

  /** An event this evaluator would delete before its next round: Drools would have expired it. */
  boolean expired(SignalEvent event) {
    return expiring != null && event.getTime() + ruleBase.eventExpiryMillis() <= expiredThrough();
  }

  /** An event carried over at its own time, if some rule of this rule base matches it. */
  boolean carryEvent(SignalEvent event) {
    boolean kept = windows != null && windows.keeps(event.getPath());
    if (kept) {
      windows.onSample(event.getPath(), event.getNumber(), event.getValue(), event.getTime(), now);
      changed = true;
    }
    if (eventPaths.isNone() || !eventPaths.wants(event.getPath())) {
      return kept;
    }
    insertEvent(event);
    return true;
  }

  /** The samples inside the windows this evaluator keeps, by path; see {@link WindowKeeper}. */
  Map<String, List<SignalEvent>> keptSamples() {
    return windows == null ? Map.of() : windows.samples();
  }

  public EngineStats stats() {
    return stats;
  }

  public ScenarioIndex index() {
    return index;
  }

  /**
   * From now on, {@code listener} is told every firing of a scenario or an indexed edge-triggered
   * DRL rule, with what each comparison was then, and every other DRL rule's firing with the facts
   * its match bound; it carries over when scenarios or rules are replaced.
   */
  public void listenFirings(FiringListener listener) {
    firingListener = listener;
    index.listenFirings(listener);
    if (edgeIndex != null) {
      edgeIndex.listenFirings(listener);
    }
    tracker.listen(listener, ruleBase, edgeRules.keySet(), () -> now);
  }

  public RuleBase ruleBase() {
    return ruleBase;
  }

  public long factCount() {
    return session.getFactCount();
  }

  @Override
  public void close() {
    session.dispose();
  }
}
