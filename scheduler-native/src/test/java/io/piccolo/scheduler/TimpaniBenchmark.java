package io.piccolo.scheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.scheduler.testing.Cgroups;
import io.piccolo.scheduler.testing.JvmPinning;
import io.piccolo.scheduler.testing.Schedules;
import io.piccolo.scheduler.testing.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * TIMPANI's targets measured on this machine (root, 2 CPUs): check and apply of a 100-task
 * Schedule; deadline miss to DeadlineMiss handed to the evaluator's queue and to the fact matched
 * by a rule; release jitter of a 1 kHz FIFO task on CPU 1, alone and beside a CPU hog on the same
 * CPU. The JVM runs on CPU 0. Prints figures; checks that each measured something.
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests -pl scheduler-native -am
 * ./mvnw -B -q exec:java -pl scheduler-native -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.piccolo.scheduler.TimpaniBenchmark
 * </pre>
 */
public final class TimpaniBenchmark {
  private TimpaniBenchmark() {}

  public static void main(String[] args) throws Exception {
    Machine machine = Machine.current();
    try (Kernel kernel = Kernel.start(e -> {})) {
      JvmPinning.pinTo(kernel, "0"); // the tasks run on CPU 1; the JVM and evaluator on CPU 0
    }
    System.out.printf(
        "machine: %d CPUs (%s), RT share %.2f%n",
        machine.cpuCount(), machine.cpus(), machine.rtShare());
    checkAndApply(machine);
    missToFact(false); // the first run also warms the JVM up
    missToFact(true);
    jitter(false);
    jitter(true);
  }

  /** 100 tasks (50 FIFO on CPU 1, 50 NORMAL) on 100 processes: checks, then every kernel call. */
  private static void checkAndApply(Machine machine) throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      yaml.append(
          Schedules.task(
              "b" + i, i % 2 == 0 ? "FIFO" : "NORMAL", 10 + i % 2, 0b10, 100000, 10, 100000));
    }
    Schedule s = Schedules.read("bench.yaml", Schedules.schedule("bench", yaml.toString()));
    List<Process> sleepers = new ArrayList<>();
    try (Kernel kernel = Kernel.start(e -> {})) {
      for (int i = 0; i < 100; i++) {
        sleepers.add(new ProcessBuilder("sleep", "600").start());
      }
      List<Binding> bindings = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        bindings.add(new Binding(s.tasks().get(i), sleepers.get(i).pid()));
      }
      ScheduleApplier applier = new ScheduleApplier(kernel, machine);
      long[] checks = new long[20];
      long[] applies = new long[20];
      for (int round = 0; round < 20; round++) {
        long t0 = System.nanoTime();
        if (!ScheduleChecks.check(s, machine).isEmpty()) {
          throw new IllegalStateException("the benchmark schedule does not fit");
        }
        long t1 = System.nanoTime();
        applier.apply(s, bindings);
        long t2 = System.nanoTime();
        checks[round] = t1 - t0;
        applies[round] = t2 - t1;
      }
      System.out.printf(
          "check 100 tasks: median %.2f ms, max %.2f ms; apply 100 tasks: median %.2f ms, max %.2f ms (20 rounds; first round %.2f + %.2f ms)%n",
          median(checks) / 1e6,
          max(checks) / 1e6,
          median(applies) / 1e6,
          max(applies) / 1e6,
          checks[0] / 1e6,
          applies[0] / 1e6);
    } finally {
      sleepers.forEach(Process::destroy);
      for (Process p : sleepers) {
        p.waitFor(5, TimeUnit.SECONDS);
      }
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/bench"));
    }
  }

  /** Each miss as a rule sees it: one decision per DeadlineMiss fact, carrying its time. */
  private static final String EACH_MISS =
      """
      package bench;
      import java.util.Map;
      rule "each deadline miss"
      when
          $m : DeadlineMiss()
      then
          actions.request("notify", $m.getWorkload(), Map.of("time", $m.getTimeNanos()));
      end
      """;

  /**
   * An overloaded task on CPU 1, each miss timed from libtimpani's clock (when the task saw its
   * late end) to the DeadlineMiss handed to a live evaluator's queue (the helper's watcher, its
   * pipe and the executor's reader), and to the round in which a rule matched it as a fact (the
   * evaluator's queue and round): where a miss's time goes. With {@code raised}, the evaluator's
   * thread runs at SCHED_FIFO 1, as the executor's reader and watchers do, ahead of the node's
   * ordinary work.
   */
  private static void missToFact(boolean raised) throws Exception {
    StateStore store = StateStores.inMemory();
    String yaml =
        Schedules.schedule(
                "bm",
                Schedules.maxDmiss(Schedules.task("bm-over", "FIFO", 20, 0b10, 2000, 300, 2000), 0))
            + "---\napiVersion: v1\nkind: Model\nmetadata:\n  name: bm-model\nspec:\n  containers:\n"
            + "    - name: c\n      image: localhost/piccolo/busybox:1\n"
            + "---\napiVersion: v1\nkind: Package\nmetadata:\n  name: bm\nspec:\n  schedule: bm\n"
            + "  models:\n    - name: bm-model\n      node: here\n";
    ArtifactFile.Content content = ArtifactFile.read("bm.yaml", yaml);
    if (content.hasErrors()) {
      throw new IllegalStateException(content.problems().toString());
    }
    store.apply(content.artifacts());
    List<Long> latencies = new CopyOnWriteArrayList<>();
    List<Long> facts = new CopyOnWriteArrayList<>();
    RuleBase rules = new RuleBaseBuilder().addDrl(new RuleSource("bench.drl", EACH_MISS)).build();
    LiveEvaluator live =
        new LiveEvaluator(
                rules,
                EvaluatorOptions.live(),
                LiveEvaluator.DEFAULT_BATCH_LATENCY,
                10_000,
                round -> {
                  long now = epochNanos();
                  round.forEach(
                      d -> facts.add(now - ((Number) d.params().get("time")).longValue()));
                })
            .startAndWait();
    if (raised) {
      try (Kernel kernel = Kernel.start(e -> {})) {
        for (long tid :
            TaskFinder.threadsNamed("piccolo-evaluat", List.of(ProcessHandle.current().pid()))) {
          kernel.schedule(tid, SchedulingPolicy.FIFO, 1, 0, 0, 0, 0);
        }
      }
    }
    TimpaniExecutor executor =
        new TimpaniExecutor(
            store,
            miss -> {
              latencies.add(epochNanos() - miss.getTimeNanos());
              live.offerDeadlineMiss(miss);
            },
            new SimpleMeterRegistry(),
            line -> {});
    executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (Workload w = Workload.periodic("bm-over", 2500)) {
      StoredArtifact model =
          new StoredArtifact(
              "Model",
              "bm-model",
              1,
              new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
      WorkResult r =
          executor
              .execute(
                  new Work(
                      "b1", "schedule", "benchmark", new ModelTarget("bm", model, null), Map.of()))
              .toCompletableFuture()
              .get();
      if (!r.succeeded()) {
        throw new IllegalStateException(r.reason());
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until && latencies.size() < 5000) {
        Thread.onSpinWait();
        Thread.sleep(10);
      }
    } finally {
      executor.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      live.close();
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/bm"));
    }
    long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
    long[] f = facts.stream().mapToLong(Long::longValue).toArray();
    if (l.length == 0 || f.length == 0) {
      throw new IllegalStateException("no deadline miss was seen, or none reached a rule");
    }
    System.out.printf(
        "miss -> DeadlineMiss handed to the evaluator's queue: %d misses, p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
        l.length, pct(l, 50) / 1e3, pct(l, 99) / 1e3, max(l) / 1e3);
    System.out.printf(
        "miss -> DeadlineMiss fact matched by a rule (round ended)%s: %d misses, p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
        raised ? ", evaluator at SCHED_FIFO 1" : ", evaluator at SCHED_OTHER",
        f.length,
        pct(f, 50) / 1e3,
        pct(f, 99) / 1e3,
        max(f) / 1e3);
  }

  /** A FIFO task at 1 kHz (50 µs jobs) on CPU 1 for 10 s; with a SCHED_OTHER hog on CPU 1. */
  private static void jitter(boolean load) throws Exception {
    List<Long> samples = new CopyOnWriteArrayList<>();
    Map<Long, Boolean> mine = new HashMap<>();
    Schedule s =
        Schedules.read(
            "j.yaml",
            Schedules.schedule("bj", Schedules.task("bj", "FIFO", 20, 0b10, 1000, 50, 1000)));
    Process hog = null;
    try (Kernel kernel =
            Kernel.start(
                e -> {
                  if (e.startsWith("jitter ")) {
                    String[] f = e.split(" ");
                    for (int i = 2; i < f.length; i++) {
                      samples.add(Long.parseLong(f[i]));
                    }
                  }
                });
        Workload w = Workload.periodic("bj", 50)) {
      mine.put(w.pid(), true);
      if (load) {
        hog =
            new ProcessBuilder(
                    Workload.nativeFolder().resolve("timpani-workload").toString(),
                    "--plain",
                    "--compute-us",
                    "1000000")
                .start();
        kernel.affinity(hog.pid(), CpuList.parse("1"));
      }
      new ScheduleApplier(kernel, Machine.current())
          .apply(s, List.of(new Binding(s.tasks().get(0), w.pid())));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until) {
        Thread.sleep(100);
      }
    } finally {
      if (hog != null) {
        hog.destroy();
        hog.waitFor(5, TimeUnit.SECONDS);
      }
      Cgroups.remove(Cgroups.CPUSET.resolve("piccolo/bj"));
    }
    long[] j = samples.stream().mapToLong(Long::longValue).toArray();
    if (j.length < 1000) {
      throw new IllegalStateException("only " + j.length + " releases were measured");
    }
    System.out.printf(
        "1 kHz FIFO release jitter%s: %d releases, p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
        load ? " beside a CPU hog on its CPU" : ", alone on its CPU",
        j.length,
        pct(j, 50) / 1e3,
        pct(j, 99) / 1e3,
        max(j) / 1e3);
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static long median(long[] v) {
    return pct(v, 50);
  }

  private static long pct(long[] v, double p) {
    long[] sorted = v.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static long max(long[] v) {
    return Arrays.stream(v).max().orElse(0);
  }
}
