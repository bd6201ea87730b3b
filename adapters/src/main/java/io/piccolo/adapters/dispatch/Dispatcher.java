package io.piccolo.adapters.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Work;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.Lifecycle;
import io.piccolo.engine.fact.ActionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Between the evaluator and the executors: every allowed decision becomes work on the executors
 * that declare its action, one unit per Model of the target Package, on the node each Model names.
 * A Package's work runs in decision order ({@link Lanes}: a {@code terminate} decided after a
 * {@code launch} waits for it); different Packages run in parallel. Each unit is carried out by
 * {@link UnitRunner} (timeouts, retries with backoff, a circuit per node); every unit's result goes
 * to the listener through {@link Reporter} (for the evaluator) and its Model state to the store.
 * Packages marked warm have their Models prepared ahead ({@link WarmStarts}).
 *
 * <p>{@link #dispatch} never blocks: the evaluator's thread hands decisions over and goes on.
 */
public final class Dispatcher implements Lifecycle {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final Routes routes;
  private final Resolver resolver;
  private final ModelStates states;
  private final Reporter reporter;
  private final UnitRunner runner;
  private final WarmStarts warmStarts;
  private final Lanes lanes = new Lanes();
  private final ExecutorService intake;
  private final ScheduledExecutorService timers;
  private final AtomicLong sequence = new AtomicLong();
  private final String idPrefix = Long.toString(System.nanoTime() & 0xffffff, 36);
  private final AtomicInteger pending = new AtomicInteger();
  private final CompletableFuture<Void> idle = new CompletableFuture<>();
  private volatile boolean accepting = true;

  /**
   * @param store where Packages and Models are read, and rolled back
   * @param states where the Model states work leads to are written
   * @param clock the time results carry, epoch ms
   */
  public Dispatcher(
      StateStore store,
      Routes routes,
      DispatchOptions options,
      DispatchListener listener,
      ModelStates states,
      MeterRegistry meters,
      LongSupplier clock) {
    this.routes = routes;
    this.resolver = new Resolver(store, routes);
    this.states = states;
    DispatchMeters dispatchMeters = new DispatchMeters(meters, routes);
    this.reporter = new Reporter(listener, dispatchMeters, clock);
    this.intake = Executors.newSingleThreadExecutor(daemon("piccolo-dispatch"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("piccolo-dispatch-timers"));
    this.runner = new UnitRunner(options, dispatchMeters, states, timers);
    this.warmStarts =
        new WarmStarts(
            store,
            resolver,
            runner,
            reporter,
            options,
            timers,
            intake,
            this::queue,
            this::nextId,
            () -> accepting);
    runner.knowNode(""); // work that names no node
    routes.nodes().forEach(runner::knowNode);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts every executor and follows what they see happen by themselves. */
  @Override
  public CompletionStage<Void> start() {
    CompletableFuture<Void> chain =
        CompletableFuture.runAsync(
            () -> {
              try {
                states.start();
              } catch (Exception e) {
                throw new CompletionException(
                    new IllegalStateException(
                        "the Model states could not be read: " + e.getMessage(), e));
              }
            },
            intake);
    for (Executor e : routes.all()) {
      chain =
          chain
              .thenCompose(ignored -> e.start())
              .exceptionallyCompose(
                  failure ->
                      CompletableFuture.failedFuture(
                          new IllegalStateException(
                              "the " + e.name() + " executor did not start: " + cause(failure),
                              failure)))
              .thenRun(
                  () ->
                      e.observe(seen -> states.record(seen.model(), seen.state(), seen.reason())));
    }
    return chain.thenRun(warmStarts::follow);
  }

  private String nextId() {
    return idPrefix + "-" + sequence.incrementAndGet();
  }

  /**
   * Hands one round's allowed decisions over, in order; denied ones are left out. Never blocks.
   *
   * @return the allowed decisions with the ids their results will carry
   */
  public List<Dispatched> dispatch(List<DecidedAction> round) {
    List<Dispatched> out = new ArrayList<>();
    for (DecidedAction d : round) {
      if (d.allowed()) {
        Dispatched request = new Dispatched(d, nextId());
        out.add(request);
        submit(request);
      }
    }
    return out;
  }

  /** Hands one request over, e.g. again after a restart: executors make that harmless. */
  public void submit(Dispatched request) {
    if (!accepting) {
      reporter.requestRefused(request, "the dispatcher is stopping");
      return;
    }
    pending.incrementAndGet();
    intake.execute(() -> accept(request));
  }

  /** On the intake thread, in decision order: resolved against the store, then queued. */
  private void accept(Dispatched request) {
    Resolution r;
    try {
      r = resolver.resolve(request);
    } catch (RuntimeException e) {
      r = Resolution.failed("it could not be resolved: " + e);
    }
    if (r.failure() != null) {
      reporter.requestRefused(request, r.failure());
      done();
      return;
    }
    List<Unit> units = r.units();
    boolean prepareAfter = r.warm() && request.decision().action().equals(Resolver.TERMINATE);
    inLane(
        r.lane(),
        () ->
            runAll(request, units)
                .thenCompose(
                    succeeded ->
                        succeeded && prepareAfter
                            ? warmStarts.afterTerminate(units)
                            : CompletableFuture.completedFuture(null)));
  }

  /** Queues work no request asked for (a warm start), counted in {@link #pending}. */
  private void queue(String lane, Supplier<CompletableFuture<Void>> work) {
    pending.incrementAndGet();
    inLane(lane, work);
  }

  /** Runs work behind everything queued on its lane before it; ends one of {@link #pending}. */
  private void inLane(String lane, Supplier<CompletableFuture<Void>> work) {
    lanes.run(lane, work).whenComplete((ok, e) -> done());
  }

  /** Completes with whether every unit succeeded, once all ended. */
  private CompletableFuture<Boolean> runAll(Dispatched request, List<Unit> units) {
    List<CompletableFuture<ActionResult>> each = new ArrayList<>();
    for (Unit u : units) {
      each.add(run(request, u));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .handle(
            (ok, e) -> {
              String reason = null;
              for (CompletableFuture<ActionResult> f : each) {
                ActionResult r = f.getNow(null);
                if (r == null || r.isFailed()) {
                  reason = r == null ? "it did not end" : r.getReason();
                  break;
                }
              }
              reporter.finished(request, reason == null, reason);
              return reason == null;
            });
  }

  /** One unit of a request, with retries; completes with its result, never exceptionally. */
  private CompletableFuture<ActionResult> run(Dispatched request, Unit unit) {
    if (unit.failure() != null) {
      return CompletableFuture.completedFuture(reporter.unitRefused(request, unit));
    }
    return runner
        .run(unit)
        .thenApply(
            ended ->
                reporter.unitEnded(
                    request,
                    unit.model(),
                    unit.node(),
                    ended.outcome(),
                    ended.reason(),
                    ended.took().toMillis()));
  }

  /**
   * Told of each call to an executor just before it is made, on the dispatcher's threads: where a
   * benchmark splits PICCOLO's time from the runtime's.
   */
  public void onCall(Consumer<Work> calls) {
    runner.onCall(calls);
  }

  /** A node's circuit: closed, half-open or open. */
  public String breakerState(String node) {
    return runner.breakerState(node);
  }

  private void done() {
    if (pending.decrementAndGet() == 0 && !accepting) {
      idle.complete(null);
    }
  }

  /** Requests handed over and not yet finished. */
  public int pending() {
    return pending.get();
  }

  /**
   * Takes no new work, lets the work in flight finish (or time out, each call bounded by its
   * timeout), then stops the executors; the last Model states are queued for the store by then. A
   * warm start waiting to be tried again is dropped.
   */
  @Override
  public CompletionStage<Void> stop() {
    accepting = false;
    warmStarts.close();
    if (pending.get() == 0) {
      idle.complete(null);
    }
    CompletableFuture<Void> chain = idle;
    for (Executor e : routes.all()) {
      chain =
          chain.thenCompose(
              ignored ->
                  e.stop()
                      .exceptionally(
                          failure -> {
                            LOG.log(
                                System.Logger.Level.WARNING,
                                "the " + e.name() + " executor did not stop: " + cause(failure));
                            return null;
                          }));
    }
    return chain.whenComplete(
        (ok, e) -> {
          intake.shutdown();
          timers.shutdown();
        });
  }

  private static String cause(Throwable t) {
    return UnitRunner.describe(UnitRunner.unwrap(t));
  }
}
