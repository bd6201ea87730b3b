package io.piccolo.simulator.bench;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.Evaluator;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;

/**
 * {@code piccolo bench drl}: the threshold workload of {@code bench engine} as YAML scenarios, as
 * DRL rules with {@code @trigger(edge)} (which the condition index evaluates), as the same with an
 * attribute that keeps them in the Drools session, as plain DRL rules (they fire at every update
 * while true) and as the same plain DRL in a Drools session of its own, in one run, on the same
 * samples. YAML and both edge forms must fire the same rules at the same times; plain DRL and plain
 * Drools the same number of times.
 */
public final class DrlBench {
  private static final long SEED = 20_260_422L;
  private static final int MEASURED_RUNS = 3;

  private final int ruleCount;
  private final int sampleCount;
  private final PrintWriter out;

  public DrlBench(int ruleCount, int sampleCount, PrintWriter out) {
    if (ruleCount < 1 || sampleCount < 1) {
      throw new IllegalArgumentException("rules and samples must be at least 1");
    }
    this.ruleCount = ruleCount;
    this.sampleCount = sampleCount;
    this.out = out;
  }

  /** One form's result: throughput, firings, and (YAML, edge) what fired. */
  private record Run(double samplesPerSecond, long firings, List<DecidedAction> fired) {}

  /**
   * Runs the benchmark, prints a table, then one JSON line.
   *
   * @return false when the forms disagree on their firings (the figures mean nothing then)
   */
  public boolean run() throws RuleBaseException {
    Workload w = new Workload(ruleCount, sampleCount, SEED);
    long t = System.nanoTime();
    RuleBase yaml = new RuleBaseBuilder().addScenarios(w.asScenarios()).build();
    double yamlMs = millisSince(t);
    t = System.nanoTime();
    RuleBase edge = drl(DrlWorkload.sources(w, DrlWorkload.Form.EDGE));
    double edgeMs = millisSince(t);
    t = System.nanoTime();
    RuleBase edgeInSession = drl(DrlWorkload.sources(w, DrlWorkload.Form.EDGE_IN_SESSION));
    double edgeInSessionMs = millisSince(t);
    t = System.nanoTime();
    RuleBase plain = drl(DrlWorkload.sources(w, DrlWorkload.Form.PLAIN));
    double plainMs = millisSince(t);
    t = System.nanoTime();
    InternalKnowledgeBase drools = PlainDroolsSession.build(DrlWorkload.plainDroolsText(w));
    double droolsMs = millisSince(t);

    Workload warmup = new Workload(ruleCount, Math.min(sampleCount, 20_000), SEED + 1);
    engine(yaml, warmup, true);
    engine(edge, warmup, true);
    engine(edgeInSession, warmup, true);
    engine(plain, warmup, false);
    drools(drools, warmup);
    List<Run> yamlRuns = new ArrayList<>();
    List<Run> edgeRuns = new ArrayList<>();
    List<Run> edgeInSessionRuns = new ArrayList<>();
    List<Run> plainRuns = new ArrayList<>();
    List<Run> droolsRuns = new ArrayList<>();
    for (int run = 0; run < MEASURED_RUNS; run++) {
      yamlRuns.add(engine(yaml, w, true));
      edgeRuns.add(engine(edge, w, true));
      edgeInSessionRuns.add(engine(edgeInSession, w, true));
      plainRuns.add(engine(plain, w, false));
      droolsRuns.add(drools(drools, w));
    }
    List<String> disagreements = new ArrayList<>();
    String firing =
        Firings.firstDifference(
            "yaml", yamlRuns.get(0).fired(), "drl_edge", edgeRuns.get(0).fired());
    if (firing != null) {
      disagreements.add("YAML and DRL edge disagree: " + firing);
    }
    firing =
        Firings.firstDifference(
            "yaml", yamlRuns.get(0).fired(), "drl_edge_session", edgeInSessionRuns.get(0).fired());
    if (firing != null) {
      disagreements.add("YAML and DRL edge in the session disagree: " + firing);
    }
    if (plainRuns.get(0).firings() != droolsRuns.get(0).firings()) {
      disagreements.add(
          "DRL plain fired "
              + plainRuns.get(0).firings()
              + " times, plain Drools "
              + droolsRuns.get(0).firings());
    }
    Run[] medians = {
      median(yamlRuns),
      median(edgeRuns),
      median(edgeInSessionRuns),
      median(plainRuns),
      median(droolsRuns)
    };
    double[] buildMs = {yamlMs, edgeMs, edgeInSessionMs, plainMs, droolsMs};
    print(w, medians, buildMs, disagreements);
    return disagreements.isEmpty();
  }

  private static RuleBase drl(List<RuleSource> sources) throws RuleBaseException {
    RuleBaseBuilder builder = new RuleBaseBuilder();
    sources.forEach(builder::addDrl);
    return builder.build();
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Run::samplesPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  /** One instant updates every signal once, then one round, as {@code bench engine} does. */
  private static Run engine(RuleBase ruleBase, Workload w, boolean keep) {
    List<DecidedAction> fired = new ArrayList<>();
    long firings = 0;
    try (Evaluator evaluator = new Evaluator(ruleBase, EvaluatorOptions.simulation())) {
      long start = System.nanoTime();
      long instant = 0;
      for (int k = 0; k < w.sampleSignal.length; ) {
        evaluator.advanceTo(++instant);
        for (int batch = 0; batch < w.signals && k < w.sampleSignal.length; batch++, k++) {
          evaluator.apply(w.paths[w.sampleSignal[k]], w.sampleValue[k]);
        }
        List<DecidedAction> round = evaluator.evaluate();
        firings += round.size();
        if (keep) {
          fired.addAll(round);
        }
      }
      return new Run(w.sampleSignal.length / secondsSince(start), firings, fired);
    }
  }

  private static Run drools(InternalKnowledgeBase kieBase, Workload w) {
    try (PlainDroolsSession session = new PlainDroolsSession(kieBase, w.signals)) {
      long start = System.nanoTime();
      for (int k = 0; k < w.sampleSignal.length; ) {
        session.advance();
        for (int batch = 0; batch < w.signals && k < w.sampleSignal.length; batch++, k++) {
          session.apply(w.sampleSignal[k], w.paths[w.sampleSignal[k]], w.sampleValue[k]);
        }
        session.fire();
      }
      return new Run(w.sampleSignal.length / secondsSince(start), session.requests(), List.of());
    }
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static final String[] NAMES = {
    "yaml", "drl_edge", "drl_edge_session", "drl_plain", "plain_drools"
  };

  private void print(Workload w, Run[] runs, double[] buildMs, List<String> disagreements) {
    out.printf(
        Locale.ROOT,
        "workload: %d threshold rules over %d signals, %d samples; median of %d runs after"
            + " warm-up%n%n",
        w.scenarios,
        w.signals,
        w.sampleSignal.length,
        MEASURED_RUNS);
    out.printf(Locale.ROOT, "%-14s %14s %12s %10s%n", "form", "samples/s", "firings", "build ms");
    for (int i = 0; i < runs.length; i++) {
      out.printf(
          Locale.ROOT,
          "%-14s %14.0f %12d %10.0f%n",
          NAMES[i],
          runs[i].samplesPerSecond(),
          runs[i].firings(),
          buildMs[i]);
    }
    double edgeVsYaml = runs[1].samplesPerSecond() / runs[0].samplesPerSecond();
    double sessionVsYaml = runs[2].samplesPerSecond() / runs[0].samplesPerSecond();
    double plainVsDrools = runs[3].samplesPerSecond() / runs[4].samplesPerSecond();
    out.printf(
        Locale.ROOT,
        "%ndrl_edge / yaml: %.2fx   drl_edge_session / yaml: %.2fx"
            + "   drl_plain / plain_drools: %.2fx%n",
        edgeVsYaml,
        sessionVsYaml,
        plainVsDrools);
    disagreements.forEach(d -> out.println("FAILED: " + d));
    StringBuilder json = new StringBuilder();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"rules\": %d, \"signals\": %d, \"samples\": %d",
            w.scenarios,
            w.signals,
            w.sampleSignal.length));
    for (int i = 0; i < runs.length; i++) {
      json.append(
          String.format(
              Locale.ROOT,
              ", \"%s\": {\"samples_per_s\": %.0f, \"firings\": %d, \"build_ms\": %.0f}",
              NAMES[i],
              runs[i].samplesPerSecond(),
              runs[i].firings(),
              buildMs[i]));
    }
    json.append(
        String.format(
            Locale.ROOT,
            ", \"drl_edge_vs_yaml\": %.3f, \"drl_edge_session_vs_yaml\": %.3f,"
                + " \"drl_plain_vs_plain_drools\": %.3f, \"agree\": %b}",
            edgeVsYaml,
            sessionVsYaml,
            plainVsDrools,
            disagreements.isEmpty()));
    out.println(json);
    out.flush();
  }
}
