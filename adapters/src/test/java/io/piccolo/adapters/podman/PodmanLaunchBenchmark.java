package io.piccolo.adapters.podman;

import static io.piccolo.adapters.testing.ModelWork.model;
import static io.piccolo.adapters.testing.ModelWork.work;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.container.RuntimeOptions;
import io.piccolo.adapters.testing.PodmanService;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * How long a launch takes on a real Podman, cold (pod and containers created, then started) and
 * warm (a pod {@link PodmanExecutor#prepare prepared} ahead of time, only started), each split into
 * the time spent waiting on Podman's answers and PICCOLO's own. A program, not a test:
 *
 * <pre>
 * scripts/install-podman.sh
 * ./mvnw -B -q install -DskipTests -pl adapters -am
 * ./mvnw -B -q exec:java -pl adapters -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.piccolo.adapters.podman.PodmanLaunchBenchmark [-Dexec.args=RUNS]
 * </pre>
 */
public final class PodmanLaunchBenchmark {
  private PodmanLaunchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Vertx vertx = Vertx.vertx();
    try (PodmanService podman = PodmanService.start()) {
      PodmanExecutor executor = new PodmanExecutor(vertx, RuntimeOptions.of(podman.socket()));
      executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
      JsonNode camera =
          model(
              "rear-camera",
              """
              containers:
                - name: viewer
                  image: %s
                  command: ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"]
                  resources:
                    limits:
                      cpu: 500m
                      memory: 32Mi
              restartPolicy: Always
              terminationGracePeriodSeconds: 0
              """
                  .formatted(PodmanService.IMAGE));
      // One untimed round so that Podman builds its pause image and the JIT warms up.
      launch(executor, camera, false);
      terminate(executor, camera);

      Sample cold = new Sample(runs);
      Sample warm = new Sample(runs);
      for (int i = 0; i < runs; i++) {
        cold.add(launch(executor, camera, false));
        terminate(executor, camera);
        warm.add(launch(executor, camera, true));
        terminate(executor, camera);
      }
      executor.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      System.out.printf("Podman launch, %d runs each (ms)%n", runs);
      System.out.printf(
          "%-6s %27s %27s %27s%n",
          "", "total p50 / p99", "in Podman p50 / p99", "PICCOLO p50 / p99");
      cold.print("cold");
      warm.print("warm");
    } finally {
      vertx.close().await();
    }
  }

  /** One timed launch: {total, in Podman} in nanoseconds; a warm one is prepared first, untimed. */
  private static long[] launch(PodmanExecutor executor, JsonNode camera, boolean warm)
      throws Exception {
    if (warm) {
      check(
          executor
              .prepare(work("launch", camera, 1))
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS));
    }
    Work work = work("launch", camera, 1);
    long waitingBefore = executor.nanosWaitingOnPodman();
    long started = System.nanoTime();
    WorkResult result = executor.execute(work).toCompletableFuture().get(60, TimeUnit.SECONDS);
    long total = System.nanoTime() - started;
    check(result);
    return new long[] {total, executor.nanosWaitingOnPodman() - waitingBefore};
  }

  private static void terminate(PodmanExecutor executor, JsonNode camera) throws Exception {
    check(
        executor
            .execute(work("terminate", camera, 1))
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS));
  }

  private static void check(WorkResult result) {
    if (!result.succeeded()) {
      throw new IllegalStateException("the benchmark's work failed: " + result.reason());
    }
  }

  /** Totals and Podman's part of each run. */
  private static final class Sample {
    private final long[] totals;
    private final long[] inPodman;
    private final long[] ours;
    private int n;

    Sample(int runs) {
      totals = new long[runs];
      inPodman = new long[runs];
      ours = new long[runs];
    }

    void add(long[] run) {
      totals[n] = run[0];
      inPodman[n] = run[1];
      ours[n] = run[0] - run[1];
      n++;
    }

    void print(String label) {
      System.out.printf("%-6s %27s %27s %27s%n", label, pair(totals), pair(inPodman), pair(ours));
    }

    private String pair(long[] values) {
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return String.format(
          "%.1f / %.1f", percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }
}
