package io.piccolo.adapters.dispatch;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for a container runtime, for the dispatcher's own tests (the real runtimes
 * are tested with their executors): it keeps a table of Models it "runs", completes every call on a
 * thread of its own, and does what its script says for each call — succeed, fail, fail transiently,
 * wait for a gate, or never answer.
 */
final class ScriptedExecutor implements Executor {
  enum Step {
    SUCCEED,
    FAIL,
    TRANSIENT,
    HANG
  }

  /** One call as it reached the executor. */
  record Call(String action, String model, long version, String node, long startNanos) {}

  private final String name;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Queue<Step> script = new ConcurrentLinkedQueue<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> ended = new CopyOnWriteArrayList<>();
  final Map<String, String> running = new ConcurrentHashMap<>();
  final AtomicInteger instancesCreated = new AtomicInteger();
  private volatile java.util.function.Consumer<io.piccolo.adapters.ObservedState> observer;
  volatile boolean started;
  volatile boolean stopped;

  ScriptedExecutor(String name) {
    this.name = name;
  }

  ScriptedExecutor then(Step... steps) {
    script.addAll(List.of(steps));
    return this;
  }

  /** Calls for {@code model} wait until {@link #open} is called for it. */
  ScriptedExecutor gate(String model) {
    gates.put(model, new CountDownLatch(1));
    return this;
  }

  void open(String model) {
    gates.remove(model).countDown();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> actions() {
    return Set.of("launch", "terminate", "update", "rollback");
  }

  @Override
  public Targeting targeting() {
    return Targeting.PACKAGE_MODELS;
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
    String model = work.target().modelName();
    calls.add(
        new Call(
            work.action(),
            model,
            work.target().model().version(),
            work.target().node(),
            System.nanoTime()));
    Step step = script.poll();
    CompletableFuture<WorkResult> result = new CompletableFuture<>();
    if (step == Step.HANG) {
      return result;
    }
    CountDownLatch gate = gates.get(model);
    threads.execute(
        () -> {
          try {
            if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the gate for " + model + " was never opened");
            }
            if (step == Step.TRANSIENT) {
              result.completeExceptionally(new TransientFailure("runtime socket refused"));
              return;
            }
            if (step == Step.FAIL) {
              result.complete(WorkResult.failed("image not found", Duration.ofMillis(1)));
              return;
            }
            WorkResult done = carryOut(work.action(), model);
            ended.add(work.action() + " " + model); // before the dispatcher hears of it
            result.complete(done);
          } catch (Exception e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  private synchronized WorkResult carryOut(String action, String model) {
    boolean isRunning = "running".equals(running.get(model));
    switch (action) {
      case "terminate":
        running.put(model, "exited");
        return new WorkResult(
            WorkResult.Outcome.SUCCEEDED,
            isRunning ? null : "not running",
            Duration.ofMillis(1),
            "exited");
      case "launch":
        if (isRunning) {
          return new WorkResult(
              WorkResult.Outcome.SUCCEEDED, "already running", Duration.ZERO, "running");
        }
        instancesCreated.incrementAndGet();
        running.put(model, "running");
        return WorkResult.succeeded(Duration.ofMillis(1), "running");
      default:
        running.put(model, "running");
        return WorkResult.succeeded(Duration.ofMillis(1), "running");
    }
  }

  @Override
  public void observe(java.util.function.Consumer<io.piccolo.adapters.ObservedState> states) {
    this.observer = states;
  }

  /** A Model's container ends by itself, as a runtime's event stream would tell. */
  void exitsByItself(String model, String node) {
    running.put(model, "exited");
    observer.accept(new io.piccolo.adapters.ObservedState(model, node, "exited", "exit code 1"));
  }

  @Override
  public CompletionStage<Void> start() {
    started = true;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> stop() {
    stopped = true;
    threads.shutdown();
    return CompletableFuture.completedFuture(null);
  }
}
