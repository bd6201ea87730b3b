package io.piccolo.simulator.bench;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.simulator.replay.DecisionJson;
import io.piccolo.simulator.replay.Replay;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code piccolo bench windows}: the {@link WindowWorkload} replayed on the pseudo clock after
 * warm-up, every sample through 60 s windows. Each run must decide exactly the same; the digest of
 * the decision lines lets a build be compared with another one.
 */
public final class WindowBench {
  private static final int MEASURED_RUNS = 3;

  private final WindowWorkload workload;
  private final PrintWriter out;

  public WindowBench(int paths, long samples, PrintWriter out) {
    this.workload = new WindowWorkload(paths, samples, WindowWorkload.SEED);
    this.out = out;
  }

  /** One measured replay. */
  private record Run(
      double samplesPerSecond, double samplesPerCpuSecond, int decisions, String digest) {}

  /**
   * Prints a table, then one JSON line.
   *
   * @return false when two runs decided differently
   */
  public boolean run() throws Exception {
    long t0 = System.nanoTime();
    RuleBase ruleBase =
        new RuleBaseBuilder().addDrl(new RuleSource("windows.drl", workload.drl())).build();
    double buildMs = (System.nanoTime() - t0) / 1e6;
    WindowWorkload warmup =
        new WindowWorkload(
            workload.paths(), Math.min(workload.samples(), 300_000), WindowWorkload.SEED);
    for (int i = 0; i < 2; i++) {
      replay(ruleBase, warmup);
    }
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < MEASURED_RUNS; i++) {
      runs.add(replay(ruleBase, workload));
    }
    boolean agree = runs.stream().allMatch(r -> r.digest().equals(runs.get(0).digest()));
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.samplesPerSecond(), b.samplesPerSecond()));
    Run median = sorted.get(sorted.size() / 2);
    out.printf(
        Locale.ROOT,
        "workload: %s through %d rules over 60 s windows; rule base build %.0f ms;"
            + " median of %d runs after warm-up%n",
        workload.name(),
        2 * workload.paths(),
        buildMs,
        MEASURED_RUNS);
    for (int i = 0; i < runs.size(); i++) {
      out.printf(
          Locale.ROOT,
          "run %d: %,.0f samples/s (%,.0f per second of the replaying thread's CPU time)%n",
          i + 1,
          runs.get(i).samplesPerSecond(),
          runs.get(i).samplesPerCpuSecond());
    }
    out.printf(
        Locale.ROOT,
        "decisions: %d, digest %s%n",
        median.decisions(),
        median.digest().substring(0, 16));
    if (!agree) {
      out.println("FAILED: the runs decided differently");
    }
    out.printf(
        Locale.ROOT,
        "{\"paths\": %d, \"samples\": %d, \"samples_per_s\": %.0f, \"samples_per_cpu_s\": %.0f,"
            + " \"decisions\": %d,"
            + " \"digest\": \"%s\", \"agree\": %b}%n",
        workload.paths(),
        workload.samples(),
        median.samplesPerSecond(),
        median.samplesPerCpuSecond(),
        median.decisions(),
        median.digest(),
        agree);
    out.flush();
    return agree;
  }

  private static Run replay(RuleBase ruleBase, WindowWorkload w) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    Replay.Collected collected = Replay.collect(ruleBase, w, null, EvaluatorOptions.simulation());
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    return new Run(
        w.samples() / seconds,
        w.samples() / cpuSeconds,
        collected.decisions().size(),
        digest(collected.decisions()));
  }

  private static String digest(List<DecidedAction> decisions) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (DecidedAction d : decisions) {
      sha.update(DecisionJson.line(d).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
