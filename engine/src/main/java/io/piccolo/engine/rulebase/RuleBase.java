package io.piccolo.engine.rulebase;

import io.piccolo.engine.scenario.Scenario;
import java.util.List;
import java.util.Set;
import org.kie.api.KieBase;

/**
 * A built rule base: the compiled DRL (one Drools knowledge base in STREAM mode), the scenarios the
 * condition index runs, and what the engine must feed the session. Immutable; evaluators share it.
 */
public final class RuleBase {
  /** The global through which edge-triggered rules ({@code @trigger(edge)}) ask to fire. */
  public static final String EDGE_GLOBAL = "piccoloEpisodes";

  private final KieBase kieBase;
  private final RuleOrigins origins;
  private final List<Scenario> scenarios;
  private final SignalInterest signalFacts;
  private final SignalInterest signalEvents;
  private final List<String> drlRules;
  private final Set<String> policyRules;
  private final List<Problem> warnings;
  private final boolean hasActionsGlobal;
  private final long eventExpiryMillis;
  private final boolean engineDropsEvents;
  private final long buildNanos;
  private final java.util.Map<String, String> packageFingerprints;
  private final int reusedPackages;
  private final int cachedPackages;
  private final java.util.Map<String, String> edgeRules;
  private final List<IndexedEdgeRule> indexedEdgeRules;
  private final List<KeptWindow> keptWindows;

  RuleBase(
      KieBase kieBase,
      RuleOrigins origins,
      List<Scenario> scenarios,
      SignalInterest signalFacts,
      SignalInterest signalEvents,
      List<String> drlRules,
      Set<String> policyRules,
      List<Problem> warnings,
      boolean hasActionsGlobal,
      long eventExpiryMillis,
      boolean engineDropsEvents,
      long buildNanos,
      java.util.Map<String, String> packageFingerprints,
      int reusedPackages,
      int cachedPackages,
      java.util.Map<String, String> edgeRules,
      List<IndexedEdgeRule> indexedEdgeRules,
      List<KeptWindow> keptWindows) {
    this.kieBase = kieBase;
    this.origins = origins;
    this.scenarios = List.copyOf(scenarios);
    this.signalFacts = signalFacts;
    this.signalEvents = signalEvents;
    this.drlRules = List.copyOf(drlRules);
    this.policyRules = Set.copyOf(policyRules);
    this.warnings = List.copyOf(warnings);
    this.hasActionsGlobal = hasActionsGlobal;
    this.eventExpiryMillis = eventExpiryMillis;
    this.engineDropsEvents = engineDropsEvents;
    this.buildNanos = buildNanos;
    this.packageFingerprints = java.util.Map.copyOf(packageFingerprints);
    this.reusedPackages = reusedPackages;
    this.cachedPackages = cachedPackages;
    this.edgeRules = java.util.Map.copyOf(edgeRules);
    this.indexedEdgeRules = List.copyOf(indexedEdgeRules);
    this.keptWindows = List.copyOf(keptWindows);
  }

  /** The windows whose results the engine keeps as {@code WindowValue} facts. */
  public List<KeptWindow> keptWindows() {
    return keptWindows;
  }

  /** The text of each DRL package's files, for a later build to tell which ones changed. */
  java.util.Map<String, String> packageFingerprints() {
    return packageFingerprints;
  }

  /** DRL packages taken as compiled from the rule base this one was rebuilt from. */
  public int reusedPackages() {
    return reusedPackages;
  }

  /** DRL packages in the rule base. */
  public int drlPackages() {
    return packageFingerprints.size();
  }

  /** DRL packages whose compiled classes came from the {@link CompiledClassCache}. */
  public int cachedPackages() {
    return cachedPackages;
  }

  /** How long a SignalEvent stays in the session, ms; 0 when no rule matches events. */
  public long eventExpiryMillis() {
    return eventExpiryMillis;
  }

  /**
   * Rules see {@code SignalEvent}s only through sliding time windows, so the evaluator, not Drools,
   * drops each event once {@link #eventExpiryMillis} have passed since its time.
   */
  public boolean engineDropsEvents() {
    return engineDropsEvents;
  }

  public KieBase kieBase() {
    return kieBase;
  }

  /** Where each DRL rule was written, for messages about a rule that failed while running. */
  public RuleOrigins origins() {
    return origins;
  }

  public List<Scenario> scenarios() {
    return scenarios;
  }

  /** Paths whose latest value some rule matches as a {@code Signal} fact. */
  public SignalInterest signalFacts() {
    return signalFacts;
  }

  /** Paths some rule matches as {@code SignalEvent}s. */
  public SignalInterest signalEvents() {
    return signalEvents;
  }

  /** Names of the DRL rules, in file order. */
  public List<String> drlRules() {
    return drlRules;
  }

  /** DRL rules that match {@code ActionRequest}: they run before any other rule of the round. */
  public Set<String> policyRules() {
    return policyRules;
  }

  public List<Problem> warnings() {
    return warnings;
  }

  public boolean hasActionsGlobal() {
    return hasActionsGlobal;
  }

  public long buildNanos() {
    return buildNanos;
  }

  /**
   * The edge-triggered rules ({@code @trigger(edge)}), each with a hash of its text: a rule whose
   * hash did not change keeps its open episodes across a reload.
   */
  public java.util.Map<String, String> edgeRules() {
    return edgeRules;
  }

  /**
   * The edge-triggered rules the condition index evaluates: only {@code Signal} comparisons with
   * constants. Their signals reach the session only as the firings the index finds.
   */
  public List<IndexedEdgeRule> indexedEdgeRules() {
    return indexedEdgeRules;
  }
}
