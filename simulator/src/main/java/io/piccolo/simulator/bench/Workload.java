package io.piccolo.simulator.bench;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.TestKind;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's workload: N threshold scenarios over N/10 signals, ten per signal with thresholds
 * spread over the range at halves, and signals moving as bounded random walks over whole numbers
 * (at most 1% of the range per sample), so condition transitions are rare and every evaluator
 * agrees exactly.
 */
final class Workload {
  static final double RANGE = 1000;
  static final int PER_SIGNAL = 10;
  private static final int MAX_STEP = (int) (RANGE / 100);

  final int scenarios;
  final int signals;
  final String[] paths;

  /** Scenario i reads signal i / PER_SIGNAL, compares with {@code thresholds[i]}. */
  final double[] thresholds;

  final Op[] ops;

  /** Sample k moves signal {@code sampleSignal[k]} to {@code sampleValue[k]}. */
  final int[] sampleSignal;

  final double[] sampleValue;
  final String[] sampleText;

  Workload(int scenarioCount, int sampleCount, long seed) {
    this.scenarios = scenarioCount;
    this.signals = Math.max(1, scenarioCount / PER_SIGNAL);
    this.paths = new String[signals];
    for (int s = 0; s < signals; s++) {
      paths[s] = "Vehicle.Bench.Signal" + s;
    }
    this.thresholds = new double[scenarioCount];
    this.ops = new Op[scenarioCount];
    for (int i = 0; i < scenarioCount; i++) {
      int k = i % PER_SIGNAL;
      thresholds[i] = (k + 0.5) * RANGE / PER_SIGNAL - 0.5 + (i / PER_SIGNAL) % 7; // x.5
      ops[i] = i % 2 == 0 ? Op.GT : Op.LT;
    }
    Random random = new Random(seed);
    int[] current = new int[signals];
    for (int s = 0; s < signals; s++) {
      current[s] = random.nextInt((int) RANGE + 1);
    }
    this.sampleSignal = new int[sampleCount];
    this.sampleValue = new double[sampleCount];
    this.sampleText = new String[sampleCount];
    for (int k = 0; k < sampleCount; k++) {
      int s = k % signals; // round robin: one instant updates every signal once
      int next = current[s] + random.nextInt(2 * MAX_STEP + 1) - MAX_STEP;
      current[s] = (int) Math.max(0, Math.min(RANGE, next));
      sampleSignal[k] = s;
      sampleValue[k] = current[s];
      sampleText[k] = Integer.toString(current[s]);
    }
  }

  int signalOf(int scenario) {
    return scenario / PER_SIGNAL;
  }

  /**
   * How each threshold is written: a comparison, or a kind of condition with exactly its truth on
   * this workload's whole-number values (thresholds at halves), so every evaluator still agrees.
   */
  enum LeafForm {
    /** {@code value > T} or {@code value < T}. */
    COMPARISON,
    /** {@code between: [T, above the range]} or {@code [below the range, T]}. */
    BETWEEN,
    /** {@code op T} re-armed at T itself: hysteresis of width zero. */
    REARM
  }

  /** The scenarios as Pullpiri would write them: topic {@code paths[s]}, field "value". */
  List<Scenario> asScenarios() {
    return asScenarios(LeafForm.COMPARISON);
  }

  List<Scenario> asScenarios(LeafForm form) {
    List<Scenario> out = new ArrayList<>(scenarios);
    for (int i = 0; i < scenarios; i++) {
      String path = paths[signalOf(i)];
      out.add(
          new Scenario(
              "bench-" + i,
              "update",
              "bench-target-" + i,
              Map.of(),
              condition(form, path, i),
              Trigger.EDGE,
              0,
              new Origin("bench", i + 1, 1)));
    }
    return out;
  }

  private Condition condition(LeafForm form, String path, int i) {
    double t = thresholds[i];
    boolean above = ops[i] == Op.GT;
    TestKind kind =
        switch (form) {
          case COMPARISON -> null;
          case BETWEEN -> above ? new TestKind.Between(t, RANGE + 1) : new TestKind.Between(-1, t);
          case REARM -> new TestKind.Rearm(ops[i], t, t);
        };
    return kind == null
        ? new Condition.Comparison(path, ops[i], t, 0, Origin.UNKNOWN)
        : new Condition.Test(path, kind, 0, Origin.UNKNOWN, Origin.UNKNOWN);
  }
}
