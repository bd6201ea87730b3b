package io.piccolo.engine;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.piccolo.engine.fact.Decision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The engine's counters. Plain fields on the evaluator's thread, read by Micrometer through
 * function meters, so counting costs nothing on the per-signal path.
 */
public final class EngineStats {
  /** Meter names, published to Prometheus as {@code piccolo_*}. */
  public static final String SIGNALS_IN = "piccolo.signals.in";

  public static final String RULES_FIRED = "piccolo.rules.fired";
  public static final String REQUESTS = "piccolo.requests";
  public static final String SUPPRESSED = "piccolo.scenarios.suppressed";
  public static final String EVALUATION = "piccolo.evaluation.latency";
  public static final String FACTS = "piccolo.facts.live";
  public static final String BUILD = "piccolo.rulebase.build";
  public static final String RULE_FAILURES = "piccolo.rule.failures";

  /** The counters at one moment, safe to hand to another thread. */
  public record Snapshot(
      long signalsIn, long rulesFired, long ruleFailures, Map<String, Long> firedByRule) {}

  private final MeterRegistry meters;
  private final Timer evaluation;

  /**
   * Rules and scenarios by a number given when each became known, in that order: a firing counts by
   * that number, an array slot, rather than by a lookup of its name.
   */
  private final List<String> ruleNames = new ArrayList<>();

  private final Map<String, Integer> ruleIds = new HashMap<>();
  private long[] fired = new long[16];

  /**
   * The firings of the round in progress, by rule number, and the numbers that fired in it: they
   * count once the round's decisions stand, and not at all when it fails.
   */
  private int[] roundFired = new int[16];

  private int[] roundRules = new int[16];
  private int roundRuleCount;

  /** By action, then by decision: no key to build per decided request. */
  private final Map<String, long[][]> requests = new LinkedHashMap<>();

  private final Map<String, long[]> failuresByRule = new LinkedHashMap<>();
  private long signalsIn;

  // replaced when the rules are: the meters registered once keep reading the current session
  private volatile LongSupplier liveFacts;
  private volatile long buildNanos;

  EngineStats(MeterRegistry meters, long buildNanos, LongSupplier liveFacts) {
    this.meters = meters;
    this.liveFacts = liveFacts;
    this.buildNanos = buildNanos;
    FunctionCounter.builder(SIGNALS_IN, this, s -> s.signalsIn)
        .description("signal samples applied to the engine")
        .register(meters);
    this.evaluation =
        Timer.builder(EVALUATION)
            .description("one evaluation round: scenarios, fireAllRules and decisions")
            .publishPercentileHistogram()
            .register(meters);
    Gauge.builder(FACTS, this, s -> s.liveFacts.getAsLong())
        .description("facts in the session")
        .strongReference(true)
        .register(meters);
    TimeGauge.builder(BUILD, this, TimeUnit.NANOSECONDS, s -> s.buildNanos)
        .description("time to build the rule base")
        .strongReference(true)
        .register(meters);
    counter(failuresByRule, "unknown", RULE_FAILURES, "rule");
    // the actions rules and scenarios name report each outcome as zero until one is decided
    for (String action : Actions.NAMED) {
      requestCounter(action, Decision.ALLOWED);
      requestCounter(action, Decision.DENIED);
    }
  }

  /** The counters carry on into the session of new rules. */
  void rulesReplaced(long buildNanos, LongSupplier liveFacts) {
    this.buildNanos = buildNanos;
    this.liveFacts = liveFacts;
  }

  void signalIn() {
    signalsIn++;
  }

  void ruleFired(String rule) {
    ruleFired(ruleId(rule));
  }

  /** A firing in the round in progress of the rule numbered {@code id} ({@link #ruleId}). */
  void ruleFired(int id) {
    if (roundFired[id]++ == 0) {
      roundRules[roundRuleCount++] = id;
    }
  }

  /** The round's decisions stand: its firings count. */
  void roundStood() {
    for (int i = 0; i < roundRuleCount; i++) {
      int id = roundRules[i];
      fired[id] += roundFired[id];
      roundFired[id] = 0;
    }
    roundRuleCount = 0;
  }

  /** The round failed: its requests are discarded, and so are its firings. */
  void roundFailed() {
    for (int i = 0; i < roundRuleCount; i++) {
      roundFired[roundRules[i]] = 0;
    }
    roundRuleCount = 0;
  }

  /** The number a rule's firings count by, given (with a meter) the first time it is asked. */
  int ruleId(String rule) {
    Integer id = ruleIds.get(rule);
    return id != null ? id : newRule(rule);
  }

  private int newRule(String rule) {
    int id = ruleNames.size();
    if (id == fired.length) {
      int size = id * 2;
      fired = Arrays.copyOf(fired, size);
      roundFired = Arrays.copyOf(roundFired, size);
      roundRules = Arrays.copyOf(roundRules, size);
    }
    ruleNames.add(rule);
    ruleIds.put(rule, id);
    FunctionCounter.builder(RULES_FIRED, this, s -> s.fired[id])
        .tags("rule", rule)
        .register(meters);
    return id;
  }

  /** The rules and scenarios known, in the order they became known. */
  List<String> ruleNames() {
    return ruleNames;
  }

  /** Registers a rule so it reports zero firings and failures until it fires or fails. */
  void knownRule(String rule) {
    ruleId(rule);
    counter(failuresByRule, rule, RULE_FAILURES, "rule");
  }

  void decided(String action, Decision decision) {
    requestCounter(action, decision)[0]++;
  }

  private long[] requestCounter(String action, Decision decision) {
    long[][] byDecision =
        requests.computeIfAbsent(action, a -> new long[Decision.values().length][]);
    long[] slot = byDecision[decision.ordinal()];
    if (slot == null) {
      long[] created = new long[1];
      FunctionCounter.builder(REQUESTS, created, c -> c[0])
          .description("action requests decided")
          .tags("action", action, "decision", decision.label())
          .register(meters);
      byDecision[decision.ordinal()] = created;
      slot = created;
    }
    return slot;
  }

  /** A round that failed; {@code rule} is the rule that failed it, or "unknown". */
  void ruleFailed(String rule) {
    counter(failuresByRule, rule, RULE_FAILURES, "rule")[0]++;
  }

  void round(long nanos) {
    evaluation.record(nanos, TimeUnit.NANOSECONDS);
  }

  private long[] counter(Map<String, long[]> map, String key, String meter, String tag) {
    long[] slot = map.get(key);
    if (slot == null) {
      long[] created = new long[1];
      FunctionCounter.builder(meter, created, c -> c[0]).tags(tag, key).register(meters);
      map.put(key, created);
      slot = created;
    }
    return slot;
  }

  /** Times each rule or scenario fired, including those that never did (zero). */
  public Map<String, Long> firedByRule() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int id = 0; id < ruleNames.size(); id++) {
      out.put(ruleNames.get(id), fired[id]);
    }
    return out;
  }

  /** Samples applied; read from another thread it may lag, as the meter does. */
  public long signalsIn() {
    return signalsIn;
  }

  public long rulesFired() {
    long sum = 0;
    for (int id = 0; id < ruleNames.size(); id++) {
      sum += fired[id];
    }
    return sum;
  }

  public long ruleFailures() {
    return sum(failuresByRule);
  }

  /** The counters now; on the evaluator's thread (a live evaluator hands it over). */
  public Snapshot snapshot() {
    return new Snapshot(signalsIn, rulesFired(), ruleFailures(), Map.copyOf(firedByRule()));
  }

  private static long sum(Map<String, long[]> counters) {
    long sum = 0;
    for (long[] n : counters.values()) {
      sum += n[0];
    }
    return sum;
  }
}
