package io.piccolo.adapters.testing;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.container.RestartBackoff;
import io.piccolo.adapters.container.RuntimeOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A container executor started on a real runtime for a test class, restarting quickly, with the
 * states it told; closing it stops the executor, its Vert.x and the runtime.
 */
public final class ExecutorOnRuntime<E extends Executor> implements AutoCloseable {
  /**
   * Restarts after 300 ms doubling to 1.2 s, forgotten after 3 s of running, so restart tests take
   * seconds.
   */
  public static final RestartBackoff QUICK_BACKOFF =
      new RestartBackoff(Duration.ofMillis(300), Duration.ofMillis(1200), Duration.ofSeconds(3));

  private final RuntimeUnderTest runtime;
  private final Vertx vertx = Vertx.vertx();
  private final E executor;
  private final List<ObservedState> observed = new CopyOnWriteArrayList<>();

  private ExecutorOnRuntime(
      RuntimeUnderTest runtime, BiFunction<Vertx, RuntimeOptions, E> executor) {
    this.runtime = runtime;
    this.executor =
        executor.apply(
            vertx, RuntimeOptions.of(runtime.socket()).withRestartBackoff(QUICK_BACKOFF));
  }

  /** Starts the executor on the runtime and records what it observes. */
  public static <E extends Executor> ExecutorOnRuntime<E> start(
      RuntimeUnderTest runtime, BiFunction<Vertx, RuntimeOptions, E> executor) throws Exception {
    ExecutorOnRuntime<E> on = new ExecutorOnRuntime<>(runtime, executor);
    on.executor.observe(on.observed::add);
    on.executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return on;
  }

  public E executor() {
    return executor;
  }

  /** Every state the executor told, in order. */
  public List<ObservedState> observed() {
    return observed;
  }

  /** Carries the work out, waiting at most a minute for its result. */
  public WorkResult run(Work work) throws Exception {
    return executor.execute(work).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** The states told of the Model that are {@code state}. */
  public List<ObservedState> states(String model, String state) {
    return observed.stream()
        .filter(s -> s.model().equals(model) && s.state().equals(state))
        .toList();
  }

  @Override
  public void close() throws Exception {
    executor.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().await();
    runtime.close();
  }
}
