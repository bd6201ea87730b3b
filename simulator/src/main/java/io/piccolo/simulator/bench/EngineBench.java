package io.piccolo.simulator.bench;

import io.piccolo.engine.Evaluator;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code piccolo bench engine}: the same threshold workload through this engine, a Pullpiri-style
 * loop and a hand-written evaluator, after warm-up; all three must count the same transitions.
 */
public final class EngineBench {
  private static final long SEED = 20_260_422L;
  private static final int MEASURED_RUNS = 3;

  private final int scenarioCount;
  private final int sampleCount;
  private final PrintWriter out;
  private final Workload.LeafForm form;

  public EngineBench(int scenarioCount, int sampleCount, PrintWriter out) {
    this(scenarioCount, sampleCount, "comparison", out);
  }

  /**
   * @param leaf how the engine's scenarios write each threshold: {@code comparison}, {@code
   *     between} or {@code rearm} (the baselines always compare)
   */
  public EngineBench(int scenarioCount, int sampleCount, String leaf, PrintWriter out) {
    if (scenarioCount < 1 || sampleCount < 1) {
      throw new IllegalArgumentException("--rules and --signals must be at least 1");
    }
    this.scenarioCount = scenarioCount;
    this.sampleCount = sampleCount;
    this.out = out;
    this.form = Workload.LeafForm.valueOf(leaf.toUpperCase(Locale.ROOT));
  }

  /**
   * Runs the benchmark and prints a table, then one JSON line.
   *
   * @return false when the evaluators disagree on the transitions (the figures mean nothing then)
   */
  public boolean run() throws RuleBaseException {
    Workload workload = new Workload(scenarioCount, sampleCount, SEED);
    long t0 = System.nanoTime();
    RuleBase ruleBase = build(workload);
    double coldMs = (System.nanoTime() - t0) / 1e6;
    long t1 = System.nanoTime();
    ruleBase = build(workload);
    double warmMs = (System.nanoTime() - t1) / 1e6;

    Workload warmup = new Workload(scenarioCount, Math.min(sampleCount, 300_000), SEED + 1);
    for (int round = 0; round < 3; round++) {
      engine(ruleBase, warmup);
      pullpiri(warmup);
      handWritten(warmup);
    }
    List<Figures> engineRuns = new ArrayList<>();
    List<Figures> baselineRuns = new ArrayList<>();
    List<Figures> ceilingRuns = new ArrayList<>();
    for (int run = 0; run < MEASURED_RUNS; run++) {
      engineRuns.add(engine(ruleBase, workload));
      baselineRuns.add(pullpiri(workload));
      ceilingRuns.add(handWritten(workload));
    }
    Figures engine = median(engineRuns);
    Figures baseline = median(baselineRuns);
    Figures ceiling = median(ceilingRuns);
    boolean agree =
        engineRuns.stream().allMatch(f -> f.transitions() == baseline.transitions())
            && ceilingRuns.stream().allMatch(f -> f.transitions() == baseline.transitions());
    print(workload, coldMs, warmMs, List.of(engine, baseline, ceiling), agree);
    return agree;
  }

  /**
   * The run with the median throughput: one slow or lucky run on a shared machine does not count.
   */
  private static Figures median(List<Figures> runs) {
    List<Figures> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Figures::signalsPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  private RuleBase build(Workload workload) throws RuleBaseException {
    return new RuleBaseBuilder().addScenarios(workload.asScenarios(form)).build();
  }

  /** One instant updates every signal once, then one evaluation round. */
  private static Figures engine(RuleBase ruleBase, Workload w) {
    LatencyRecorder latency = new LatencyRecorder(w.sampleSignal.length);
    long[] applied = new long[w.signals];
    try (Evaluator evaluator = new Evaluator(ruleBase, EvaluatorOptions.simulation())) {
      long start = System.nanoTime();
      long instant = 0;
      for (int k = 0; k < w.sampleSignal.length; ) {
        evaluator.advanceTo(++instant);
        int batch = 0;
        for (; batch < w.signals && k < w.sampleSignal.length; batch++, k++) {
          applied[batch] = System.nanoTime();
          evaluator.apply(w.paths[w.sampleSignal[k]], w.sampleValue[k]);
        }
        evaluator.evaluate();
        long end = System.nanoTime();
        for (int b = 0; b < batch; b++) {
          latency.record(end - applied[b]);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Figures(
          "engine",
          w.sampleSignal.length / seconds,
          latency.percentileMicros(50),
          latency.percentileMicros(99),
          evaluator.index().transitions());
    }
  }

  private static Figures pullpiri(Workload w) {
    PullpiriStyleEvaluator evaluator = new PullpiriStyleEvaluator(w);
    LatencyRecorder latency = new LatencyRecorder(w.sampleSignal.length);
    long start = System.nanoTime();
    for (int k = 0; k < w.sampleSignal.length; k++) {
      long t = System.nanoTime();
      evaluator.onSample(w.paths[w.sampleSignal[k]], Map.of("value", w.sampleText[k]));
      latency.record(System.nanoTime() - t);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Figures(
        "pullpiri_baseline",
        w.sampleSignal.length / seconds,
        latency.percentileMicros(50),
        latency.percentileMicros(99),
        evaluator.transitions());
  }

  private static Figures handWritten(Workload w) {
    HandWrittenEvaluator evaluator = new HandWrittenEvaluator(w);
    LatencyRecorder latency = new LatencyRecorder(w.sampleSignal.length);
    long start = System.nanoTime();
    for (int k = 0; k < w.sampleSignal.length; k++) {
      long t = System.nanoTime();
      evaluator.onSample(w.paths[w.sampleSignal[k]], w.sampleValue[k]);
      latency.record(System.nanoTime() - t);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Figures(
        "hand_written",
        w.sampleSignal.length / seconds,
        latency.percentileMicros(50),
        latency.percentileMicros(99),
        evaluator.transitions());
  }

  private void print(
      Workload w, double coldMs, double warmMs, List<Figures> figures, boolean agree) {
    out.printf(
        Locale.ROOT,
        "workload: %d edge-triggered threshold scenarios (%s) over %d signals, %d samples;"
            + " median of %d runs after warm-up%n",
        w.scenarios,
        leafName(),
        w.signals,
        w.sampleSignal.length,
        MEASURED_RUNS);
    out.printf(Locale.ROOT, "rule base build: %.0f ms cold, %.0f ms warm%n%n", coldMs, warmMs);
    out.printf(
        Locale.ROOT,
        "%-18s %14s %10s %10s %12s%n",
        "evaluator",
        "signals/s",
        "p50 µs",
        "p99 µs",
        "transitions");
    for (Figures f : figures) {
      out.printf(
          Locale.ROOT,
          "%-18s %14.0f %10.3f %10.3f %12d%n",
          f.name(),
          f.signalsPerSecond(),
          f.p50Micros(),
          f.p99Micros(),
          f.transitions());
    }
    double ratio = figures.get(0).signalsPerSecond() / figures.get(1).signalsPerSecond();
    out.printf(Locale.ROOT, "%nengine / pullpiri baseline: %.1fx%n", ratio);
    if (!agree) {
      out.println("FAILED: the evaluators disagree on the number of transitions");
    }
    out.printf(
        Locale.ROOT,
        "{\"scenarios\": %d, \"leaf\": \"%s\", \"signals\": %d, \"samples\": %d, \"build_cold_ms\": %.0f, \"build_warm_ms\": %.0f, "
            + "\"engine\": %s, \"pullpiri_baseline\": %s, \"hand_written\": %s}%n",
        w.scenarios,
        leafName(),
        w.signals,
        w.sampleSignal.length,
        coldMs,
        warmMs,
        figures.get(0).json(),
        figures.get(1).json(),
        figures.get(2).json());
    out.flush();
  }

  private String leafName() {
    return form.name().toLowerCase(Locale.ROOT);
  }
}
