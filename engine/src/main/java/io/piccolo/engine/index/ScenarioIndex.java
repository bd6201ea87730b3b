package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Conditions;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.TestKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The compiled form of YAML scenarios, in front of the rule session: samples are routed by path to
 * the comparisons that read them, and only a scenario whose comparison changed truth is
 * re-evaluated. A scenario that fires becomes an action request in the session; nothing else
 * reaches Drools, so an unchanged condition costs one double comparison per sample.
 *
 * <p>Owned by one thread, like the session it feeds.
 */
public final class ScenarioIndex {
  private final List<CompiledScenario> scenarios = new ArrayList<>();
  private final Map<String, PathSlot> slots = new HashMap<>();

  /** Recently sampled paths by their string's identity, and their slots: see {@link #slotOf}. */
  private static final int RECENT = 1 << 14;

  private final String[] recentPaths = new String[RECENT];
  private final PathSlot[] recentSlots = new PathSlot[RECENT];
  private final List<PathSlot> pending = new ArrayList<>();
  private final List<CompiledScenario> dirty = new ArrayList<>();
  private final TimerQueue<Leaf> timers = new TimerQueue<>();
  private final TimerQueue<GroupState> groupTimers = new TimerQueue<>();
  private static final Leaf[] NO_LEAVES = new Leaf[0];

  /**
   * Paths no comparison reads whose last sample is kept, at most, for scenarios applied later. A
   * client sending ever new paths must not grow the memory without bound; a vehicle's catalogue has
   * a few thousand signals. A path beyond the bound is seen by a later scenario from its next
   * sample on.
   */
  public static final int UNREAD_PATHS_KEPT = 65_536;

  private int unreadKept;

  /** Scenarios that carried on from the index this one succeeded. */
  private int continued;

  /** Whether each comparison remembers having been true and false (spec coverage). */
  private boolean recordOutcomes;

  private static final CompiledScenario[] NO_SCENARIOS = new CompiledScenario[0];

  /** Told every firing with its comparisons' truth; null (the default) costs nothing. */
  private FiringListener listener;

  public ScenarioIndex(List<Scenario> definitions) {
    Map<String, List<Leaf>> leaves = new HashMap<>();
    Map<String, Set<CompiledScenario>> level = new HashMap<>();
    for (Scenario s : definitions) {
      CompiledScenario compiled = new CompiledScenario(s);
      scenarios.add(compiled);
      // the round at the start of the run sees every scenario: one without condition, or one true
      // before any sample (a negation), fires then
      markDirty(compiled);
      if (s.condition() == null) {
        continue;
      }
      compiled.root = compile(s.condition(), compiled, leaves);
      compiled.sealGroups();
      if (compiled.level()) {
        for (String path : paths(s.condition(), new LinkedHashSet<>())) {
          level.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(compiled);
        }
      }
    }
    for (String path : ActionParams.paths(definitions)) {
      // kept whatever the bound on unread paths, so a firing always finds the latest value
      slots.putIfAbsent(path, new PathSlot(NO_LEAVES, NO_SCENARIOS));
    }
    leaves.forEach(
        (path, list) -> {
          Leaf[] onPath = list.toArray(Leaf[]::new);
          Set<CompiledScenario> levelOnPath = level.getOrDefault(path, Set.of());
          slots.put(path, new PathSlot(onPath, levelOnPath.toArray(CompiledScenario[]::new)));
        });
    for (CompiledScenario s : scenarios) {
      for (Leaf leaf : s.leaves) {
        attach(leaf, level);
      }
    }
  }

  /** Puts stale leaves on their path's slot and gives a two-signal test both slots. */
  private void attach(Leaf leaf, Map<String, Set<CompiledScenario>> level) {
    if (leaf.stale()) {
      PathSlot slot =
          slots.computeIfAbsent(
              leaf.path(),
              p ->
                  new PathSlot(
                      NO_LEAVES, level.getOrDefault(p, Set.of()).toArray(CompiledScenario[]::new)));
      slot.stale = Arrays.copyOf(slot.stale, slot.stale.length + 1);
      slot.stale[slot.stale.length - 1] = leaf;
    } else if (leaf.test instanceof PairTest pair) {
      pair.left = slots.get(leaf.path());
      pair.right = slots.get(pair.other());
    }
  }

  /**
   * Starts the run at {@code now} on the session clock: from here, {@code stale} leaves count time
   * without a sample.
   */
  public void start(long now) {
    for (CompiledScenario s : scenarios) {
      startStale(s, now);
    }
  }

  private void startStale(CompiledScenario s, long now) {
    for (Leaf leaf : s.leaves) {
      if (leaf.stale()) {
        restartStale(leaf, now);
      }
    }
  }

  /** A stale leaf is false from {@code now} until its duration passes without a sample. */
  private void restartStale(Leaf leaf, long now) {
    leaf.timerGeneration++;
    leaf.dueAt = now + leaf.staleMillis;
    timers.schedule(leaf.dueAt, leaf);
    if (leaf.holds) {
      leaf.holds = false;
      markDirty(leaf.owner);
    }
  }

  private static Node compile(Condition c, CompiledScenario owner, Map<String, List<Leaf>> out) {
    if (c instanceof Condition.Comparison cmp) {
      Leaf leaf = new Leaf(cmp, owner);
      owner.leaves.add(leaf);
      out.computeIfAbsent(cmp.path(), p -> new ArrayList<>()).add(leaf);
      return new Node.LeafNode(leaf);
    }
    if (c instanceof Condition.Test t) {
      return compileTest(t, owner, out);
    }
    if (c instanceof Condition.Held held) {
      return owner.addGroup(
          new HeldGroup(compile(held.item(), owner, out), held.forMillis(), owner));
    }
    if (c instanceof Condition.Count count) {
      return owner.addGroup(
          new CountedGroup(
              compile(count.item(), owner, out), count.times(), count.withinMillis(), owner));
    }
    Node[] items = compileAll(Conditions.items(c), owner, out);
    if (c instanceof Condition.All) {
      return new Node.AllNode(items);
    }
    return c instanceof Condition.Any ? new Node.AnyNode(items) : new Node.NoneNode(items);
  }

  /** A test leaf sits on the slots of the paths it reads; a stale one is attached later. */
  private static Node compileTest(
      Condition.Test t, CompiledScenario owner, Map<String, List<Leaf>> out) {
    Leaf leaf = new Leaf(t, owner);
    owner.leaves.add(leaf);
    if (!leaf.stale()) {
      out.computeIfAbsent(t.path(), p -> new ArrayList<>()).add(leaf);
      if (t.kind() instanceof TestKind.Versus v && !v.other().equals(t.path())) {
        out.computeIfAbsent(v.other(), p -> new ArrayList<>()).add(leaf);
      }
    }
    return new Node.LeafNode(leaf);
  }

  private static Node[] compileAll(
      List<Condition> items, CompiledScenario owner, Map<String, List<Leaf>> out) {
    return items.stream().map(i -> compile(i, owner, out)).toArray(Node[]::new);
  }

  static Set<String> paths(Condition c, Set<String> out) {
    Conditions.signalUses(c).forEach(use -> out.add(use.path()));
    return out;
  }

  /**
   * An index for new definitions that carries on from this one: a scenario whose behaviour did not
   * change keeps its truth, cooldown, counters and pending {@code for} timers; every path keeps its
   * last sample, so new and changed scenarios are evaluated against it at the next round.
   *
   * @param now the session clock, where the timers of new comparisons that already hold start
   */
  public ScenarioIndex successor(List<Scenario> definitions, long now) {
    ScenarioIndex next = new ScenarioIndex(definitions);
    next.recordOutcomes = recordOutcomes;
    next.listener = listener;
    Map<String, CompiledScenario> before = new HashMap<>();
    scenarios.forEach(s -> before.put(s.definition.name(), s));
    Set<CompiledScenario> carried = new HashSet<>();
    for (CompiledScenario s : next.scenarios) {
      CompiledScenario old = before.get(s.definition.name());
      if (old != null && Behaviour.same(old.definition, s.definition)) {
        s.continueFrom(old);
        for (int i = 0; i < s.leaves.size(); i++) {
          next.continueLeaf(s.leaves.get(i), old.leaves.get(i));
        }
        s.continueGroups(old, next.groupTimers);
        carried.add(s);
      }
    }
    next.continued = carried.size();
    for (CompiledScenario s : next.scenarios) {
      if (!carried.contains(s)) {
        next.startStale(s, now);
      }
    }
    next.dirty.removeIf(carried::contains);
    carried.forEach(s -> s.dirty = false);
    slots.forEach(
        (path, slot) -> {
          if (slot.sampled) {
            PathSlot fresh =
                next.slots.computeIfAbsent(
                    path,
                    p -> {
                      next.unreadKept++;
                      return new PathSlot(NO_LEAVES, NO_SCENARIOS);
                    });
            next.replay(fresh, slot, carried, now);
          }
        });
    for (CompiledScenario s : next.scenarios) {
      if (s.groups != null && !carried.contains(s)) {
        // a new group's clock starts now, as a new comparison's does: its timer must be queued
        // before the next round, which may come only when it is due
        s.updateGroups(now, next.groupTimers);
      }
    }
    return next;
  }

  private void continueLeaf(Leaf leaf, Leaf old) {
    leaf.raw = old.raw;
    leaf.holds = old.holds;
    leaf.test.continueFrom(old.test);
    if (old.stale() && !old.holds && old.dueAt > 0) {
      leaf.dueAt = old.dueAt;
      timers.schedule(leaf.dueAt, leaf);
    }
    if (old.raw && !old.holds && leaf.forMillis() > 0) {
      leaf.dueAt = old.dueAt;
      timers.schedule(leaf.dueAt, leaf);
    }
  }

  /** Gives a path's last sample to the comparisons that have not seen it yet. */
  private void replay(PathSlot fresh, PathSlot old, Set<CompiledScenario> carried, long now) {
    fresh.number = old.number;
    fresh.value = old.value;
    fresh.time = old.time;
    fresh.sampled = true;
    for (Leaf leaf : fresh.leaves) {
      if (!carried.contains(leaf.owner)) {
        test(fresh, leaf, now);
      }
    }
  }

  /**
   * Takes one sample; its comparisons run at the next {@link #evaluate}, on the last sample of its
   * path, so a value that passes within one instant changes nothing.
   */
  public void onSample(String path, double number, Object value, long time) {
    PathSlot slot = slotOf(path);
    if (slot == null) {
      // no scenario reads it yet, but one applied later must see the value it holds
      if (unreadKept >= UNREAD_PATHS_KEPT) {
        return;
      }
      slot = new PathSlot(NO_LEAVES, NO_SCENARIOS);
      slots.put(path, slot);
      unreadKept++;
    }
    slot.number = number;
    slot.value = value;
    slot.time = time;
    slot.sampled = true;
    if (slot.leaves.length == 0 && slot.stale.length == 0) {
      return;
    }
    if (!slot.pending) {
      slot.pending = true;
      pending.add(slot);
    }
    for (CompiledScenario s : slot.level) {
      s.sampled = true;
      if (s.triggerPath == null) {
        s.triggerPath = path;
      }
      markDirty(s);
    }
  }

  /**
   * The slot of a sample's path, found first by the path string's identity: a trace reader hands
   * the same string for a path on every line, and comparing it with the map's key (the scenario
   * file's own string) character by character was most of a lookup among 10,000 paths.
   */
  private PathSlot slotOf(String path) {
    int i = System.identityHashCode(path) & (RECENT - 1);
    if (recentPaths[i] == path) {
      return recentSlots[i];
    }
    PathSlot slot = slots.get(path);
    if (slot != null) {
      recentPaths[i] = path;
      recentSlots[i] = slot;
    }
    return slot;
  }

  private void applyPending(long now) {
    for (int i = 0; i < pending.size(); i++) {
      PathSlot slot = pending.get(i);
      slot.pending = false;
      for (Leaf leaf : slot.others) {
        test(slot, leaf, now);
      }
      double number = slot.number;
      double before = slot.tested;
      boolean all = Double.isNaN(number) || Double.isNaN(before);
      double high = Math.max(number, before);
      for (int j = all ? 0 : slot.firstAtOrAbove(Math.min(number, before));
          j < slot.ordered.length && (all || slot.thresholds[j] <= high);
          j++) {
        test(slot, slot.ordered[j], now);
      }
      slot.tested = number;
      if (slot.stale.length > 0) {
        for (Leaf leaf : slot.stale) {
          restartStale(leaf, now);
        }
      }
    }
    if (recordOutcomes) {
      noteOutcomes();
    }
    pending.clear();
  }

  private void test(PathSlot slot, Leaf leaf, long now) {
    boolean raw = leaf.test.test(slot, leaf.raw);
    if (raw != leaf.raw) {
      leaf.raw = raw;
      rawChanged(leaf, now);
    }
  }

  /** What each comparison of a sampled path now is (spec coverage): one pass, only when asked. */
  private void noteOutcomes() {
    for (PathSlot slot : pending) {
      for (Leaf leaf : slot.leaves) {
        if (leaf.holds) {
          leaf.seenTrue = true;
        } else {
          leaf.seenFalse = true;
        }
      }
      for (Leaf leaf : slot.stale) {
        leaf.seenFalse = true;
      }
    }
  }

  private void rawChanged(Leaf leaf, long now) {
    if (leaf.forMillis() == 0) {
      leaf.holds = leaf.raw;
      leaf.owner.triggerPath = leaf.path();
      markDirty(leaf.owner);
      return;
    }
    leaf.timerGeneration++;
    if (leaf.raw) {
      leaf.dueAt = now + leaf.forMillis();
      timers.schedule(leaf.dueAt, leaf);
    } else if (leaf.holds) {
      leaf.holds = false;
      leaf.owner.triggerPath = leaf.path();
      markDirty(leaf.owner);
    }
  }

  private void markDirty(CompiledScenario s) {
    if (!s.dirty) {
      s.dirty = true;
      dirty.add(s);
    }
  }

  /** Whether some scenario's condition compares {@code path}. */
  public boolean reads(String path) {
    PathSlot slot = slots.get(path);
    return slot != null && slot.leaves.length > 0;
  }

  /**
   * Whether a scenario would see a difference between {@code earlier} and {@code later} as the
   * value of {@code path}: some comparison on it holds for one and not the other, or a
   * level-triggered scenario reads it (it fires on every sample while true).
   */
  public boolean tellsApart(String path, Object earlier, Object later) {
    PathSlot slot = slots.get(path);
    if (slot == null || slot.leaves.length == 0) {
      return false;
    }
    if (slot.level.length > 0) {
      return true;
    }
    double a = SignalValues.number(earlier);
    double b = SignalValues.number(later);
    for (Leaf leaf : slot.leaves) {
      if (leaf.test.tellsApart(a, earlier, b, later)) {
        return true;
      }
    }
    return false;
  }

  /** The earliest time a {@code for} condition may start to hold, or Long.MAX_VALUE. */
  public long nextTimerDue() {
    return Math.min(timers.nextDue(), groupTimers.nextDue());
  }

  /** Lets every {@code for} condition due by {@code now} hold. */
  public void expireTimers(long now) {
    for (Leaf leaf = timers.pollDue(now); leaf != null; leaf = timers.pollDue(now)) {
      leaf.holds = true;
      leaf.seenTrue = true;
      leaf.owner.byTimer = true;
      leaf.owner.byStaleness = leaf.staleMillis > 0;
      leaf.owner.triggerPath = leaf.path();
      markDirty(leaf.owner);
    }
    for (GroupState g = groupTimers.pollDue(now); g != null; g = groupTimers.pollDue(now)) {
      g.owner.byTimer = true;
      markDirty(g.owner);
    }
  }

  /** Re-evaluates the scenarios touched since the last call and reports those that fire. */
  public void evaluate(long now, Consumer<Scenario> fire) {
    if (!pending.isEmpty()) {
      applyPending(now);
    }
    if (dirty.isEmpty()) {
      return;
    }
    for (int i = 0; i < dirty.size(); i++) {
      CompiledScenario s = dirty.get(i);
      s.dirty = false;
      boolean start = s.neverEvaluated;
      if (s.groups != null) {
        s.updateGroups(now, groupTimers);
      }
      if (shouldFire(s)) {
        boolean suppressed = s.inCooldown(now);
        if (listener != null) {
          listener.fired(firing(s, now, suppressed, start));
        }
        if (suppressed) {
          s.suppressed++;
        } else {
          s.fired++;
          s.hasFired = true;
          s.lastFiredAt = now;
          fire.accept(s.definition);
        }
      }
      s.neverEvaluated = false;
      s.byTimer = false;
      s.byStaleness = false;
      s.triggerPath = null;
    }
    dirty.clear();
  }

  /** From now on, {@code listener} is told every firing (null: none is). */
  public void listenFirings(FiringListener listener) {
    this.listener = listener;
  }

  private FiringListener.Firing firing(
      CompiledScenario s, long now, boolean suppressed, boolean start) {
    FiringListener.Cause cause =
        s.byStaleness
            ? FiringListener.Cause.STALE
            : s.byTimer
                ? FiringListener.Cause.TIMER
                : start || s.triggerPath == null
                    ? FiringListener.Cause.START
                    : FiringListener.Cause.SAMPLE;
    List<FiringListener.LeafTruth> truths = new ArrayList<>(s.leaves.size());
    for (Leaf leaf : s.leaves) {
      PathSlot slot = slots.get(leaf.path());
      Object value = slot == null || !slot.sampled ? null : slot.value;
      truths.add(new FiringListener.LeafTruth(leaf.path(), leaf.summary(), leaf.holds, value));
    }
    return new FiringListener.Firing(
        s.definition.name(),
        s.definition.origin(),
        now,
        suppressed,
        cause,
        cause == FiringListener.Cause.START ? null : s.triggerPath,
        List.copyOf(truths));
  }

  private static boolean shouldFire(CompiledScenario s) {
    if (s.root == null) {
      boolean first = s.neverEvaluated;
      s.neverEvaluated = false;
      return first;
    }
    boolean truth = s.root.eval();
    boolean rose = truth && !s.truth;
    if (truth != s.truth) {
      s.truth = truth;
      s.transitions++;
    }
    if (s.level()) {
      boolean sampled = s.sampled;
      s.sampled = false;
      // at every sample while true, and at the instant a for timer makes it true, as edge does
      return truth && (sampled || rose);
    }
    return rose;
  }

  /**
   * From now on, every comparison remembers whether the condition tree saw it true and false after
   * a sample or a timer (before its signal's first sample it is neither, but for known and stale
   * leaves, which count what they are then), for {@link #leafOutcomes}.
   */
  public void recordOutcomes() {
    recordOutcomes = true;
    for (CompiledScenario s : scenarios) {
      for (Leaf leaf : s.leaves) {
        PathSlot slot = slots.get(leaf.path());
        if (leaf.definedBeforeSample() && (slot == null || !slot.sampled)) {
          // known and stale mean something before the first sample: that is an outcome too
          leaf.seenTrue |= leaf.holds;
          leaf.seenFalse |= !leaf.holds;
        }
      }
    }
  }

  /** One comparison of a scenario, and whether it was seen true and false. */
  public record LeafOutcome(
      String scenario, Origin origin, String summary, boolean seenTrue, boolean seenFalse) {}

  /** Every comparison in definition order; seen only when {@link #recordOutcomes} was called. */
  public List<LeafOutcome> leafOutcomes() {
    List<LeafOutcome> out = new ArrayList<>();
    for (CompiledScenario s : scenarios) {
      for (Leaf leaf : s.leaves) {
        out.add(
            new LeafOutcome(
                s.definition.name(), leaf.origin(), leaf.summary(), leaf.seenTrue, leaf.seenFalse));
      }
    }
    return out;
  }

  /** How many scenarios carried on from the index this one replaced (0 for a first index). */
  public int continuedScenarios() {
    return continued;
  }

  /** How many scenarios this index runs. */
  public int size() {
    return scenarios.size();
  }

  /** The last sample of one path, as the index keeps it for scenarios applied later. */
  public record LastSample(String path, Object value, long time) {}

  /** The last sample of {@code path}, or null before its first. */
  public LastSample lastSample(String path) {
    PathSlot slot = slots.get(path);
    return slot == null || !slot.sampled ? null : new LastSample(path, slot.value, slot.time);
  }

  /** The last sample of every path that got one, whether or not a scenario reads it. */
  public List<LastSample> lastSamples() {
    List<LastSample> out = new ArrayList<>();
    slots.forEach(
        (path, slot) -> {
          if (slot.sampled) {
            out.add(new LastSample(path, slot.value, slot.time));
          }
        });
    return out;
  }

  /** Firing counters per scenario, in definition order. */
  public List<ScenarioCounters> counters() {
    return scenarios.stream()
        .map(s -> new ScenarioCounters(s.definition.name(), s.fired, s.suppressed, s.transitions))
        .toList();
  }

  /** Condition transitions (true to false or back) over all scenarios. */
  public long transitions() {
    long sum = 0;
    for (CompiledScenario s : scenarios) {
      sum += s.transitions;
    }
    return sum;
  }

  /**
   * {@code params} with every {@code ${path}} filled from the latest sample of its path; a
   * parameter whose signal has had no sample yet is left out.
   */
  public Map<String, Object> fill(Map<String, Object> params) {
    return ActionParams.fill(params, this::latestValue);
  }

  private Object latestValue(String path) {
    PathSlot slot = slots.get(path);
    return slot == null || !slot.sampled ? null : slot.value;
  }

  /** A readable account of what each scenario compiled into. */
  public String explain() {
    return new IndexExplainer(scenarios).explain();
  }
}
