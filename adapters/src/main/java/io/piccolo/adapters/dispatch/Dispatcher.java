package io.piccolo.adapters.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.container.ModelMapping;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.Lifecycle;
import io.piccolo.engine.fact.ActionResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Between the evaluator and the executors: every allowed decision becomes work on the executors
 * that declare its action, one unit per Model of the target Package, on the node each Model names.
 * A Package's work runs in decision order (a {@code terminate} decided after a {@code launch} waits
 * for it); different Packages run in parallel. Each call has a timeout, a transient failure is
 * tried again with backoff, and each node has a circuit that fails its work at once while its
 * runtime is away. Every unit's result goes to the listener (for the evaluator) and its Model state
 * to the store.
 *
 * <p>Packages marked warm ({@code spec.warm: true}) have their Models prepared ahead ({@link
 * WarmStart}) when the dispatcher starts, whenever the Package or one of its Models changes in the
 * store, and again after each {@code terminate} of the Package, in the Package's order like any
 * other work on it; a launch then only starts what is there. No decision asks for that work, so it
 * makes no results, only Model states.
 *
 * <p>{@link #dispatch} never blocks: the evaluator's thread hands decisions over and goes on.
 */
public final class Dispatcher implements Lifecycle {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  /** Actions that stop a Model's containers, and so may take its grace period. */
  private static final java.util.Set<String> STOPPING =
      java.util.Set.of("terminate", "update", "rollback");

  private final Routes routes;
  private final Resolver resolver;
  private final DispatchOptions options;
  private final DispatchListener listener;
  private final ModelStates states;
  private final DispatchMeters meters;
  private final LongSupplier clock;
  private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
  private final ExecutorService intake;
  private final ScheduledExecutorService timers;
  private final AtomicLong sequence = new AtomicLong();
  private final String idPrefix = Long.toString(System.nanoTime() & 0xffffff, 36);
  private final AtomicInteger pending = new AtomicInteger();
  private final StateStore store;
  private final List<StateStore.Watch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Warm Packages as last prepared: the versions of the Package and of each of its Models. */
  private final Map<String, String> prepared = new java.util.HashMap<>();

  private final CompletableFuture<Void> idle = new CompletableFuture<>();
  private volatile boolean accepting = true;
  private volatile java.util.function.Consumer<Work> calls = work -> {};

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
    this.store = store;
    this.resolver = new Resolver(store, routes);
    this.options = options;
    this.listener = listener;
    this.states = states;
    this.meters = new DispatchMeters(meters, routes);
    this.clock = clock;
    this.intake = Executors.newSingleThreadExecutor(daemon("piccolo-dispatch"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("piccolo-dispatch-timers"));
    breaker(""); // work that names no node
    routes.nodes().forEach(this::breaker);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
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
    return chain.thenRun(this::followWarmPackages);
  }

  /** Prepares warm Packages now, and again whenever one of them or its Models changes. */
  private void followWarmPackages() {
    try {
      watches.add(store.watch("Package", all -> intake.execute(this::prepareChanged)));
      watches.add(store.watch("Model", all -> intake.execute(this::prepareChanged)));
    } catch (Exception e) {
      throw new CompletionException(
          new IllegalStateException("the Packages could not be followed: " + e.getMessage(), e));
    }
  }

  /** On the intake thread: each warm Package whose document or Models changed is prepared. */
  private void prepareChanged() {
    if (!accepting) {
      return;
    }
    try {
      java.util.Set<String> warm = new java.util.HashSet<>();
      for (StoredArtifact pkg : store.list("Package")) {
        if (!Resolver.warm(pkg)) {
          continue;
        }
        warm.add(pkg.name());
        String versions = versions(pkg);
        if (!versions.equals(prepared.put(pkg.name(), versions))) {
          List<Unit> units = resolver.prepare(pkg, nextId());
          if (!units.isEmpty()) {
            pending.incrementAndGet();
            inLane("Package/" + pkg.name(), () -> runPrepare(units));
          }
        }
      }
      prepared.keySet().retainAll(warm);
    } catch (StoreException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "warm Packages could not be prepared: " + e, e);
    }
  }

  private String versions(StoredArtifact pkg) throws StoreException {
    StringBuilder out = new StringBuilder().append(pkg.version());
    for (var entry : pkg.document().path("spec").path("models")) {
      var model = store.get(new ArtifactRef("Model", entry.path("name").asText()));
      out.append(',').append(model.map(m -> Long.toString(m.version())).orElse("-"));
    }
    return out.toString();
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
      fail(request, "the dispatcher is stopping");
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
      fail(request, r.failure());
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
                            ? runPrepare(preparing(units))
                            : CompletableFuture.completedFuture(null)));
  }

  /** Runs work behind everything queued on its lane before it; counted in {@link #pending}. */
  private void inLane(String lane, java.util.function.Supplier<CompletableFuture<Void>> work) {
    CompletableFuture<Void> before =
        lanes.getOrDefault(lane, CompletableFuture.completedFuture(null));
    CompletableFuture<Void> mine = before.thenCompose(ignored -> work.get());
    lanes.put(lane, mine);
    mine.whenComplete(
        (ok, e) -> {
          lanes.remove(lane, mine);
          done();
        });
  }

  /** The warm start again after a terminate: the same Models, on executors that prepare. */
  private List<Unit> preparing(List<Unit> terminated) {
    List<Unit> units = new ArrayList<>();
    String id = nextId();
    for (Unit u : terminated) {
      if (u.executor() instanceof WarmStart) {
        Work work = new Work(id, Resolver.PREPARE, u.work().target(), Map.of());
        units.add(new Unit(work, u.executor(), u.model(), u.node(), null));
      }
    }
    return units;
  }

  /** Warm-start units: no decision waits for them, so their outcome is only Model states. */
  private CompletableFuture<Void> runPrepare(List<Unit> units) {
    List<CompletableFuture<ActionResult>> each = new ArrayList<>();
    for (Unit u : units) {
      each.add(run(null, u));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
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
              finished(request, reason == null, reason);
              return reason == null;
            });
  }

  private void fail(Dispatched request, String reason) {
    DecidedAction d = request.decision();
    meters.finished(DispatchMeters.NO_EXECUTOR, d.action(), ActionResult.FAILED, Duration.ZERO);
    report(result(request, null, null, ActionResult.FAILED, reason, 0));
    finished(request, false, reason);
  }

  private void finished(Dispatched request, boolean succeeded, String reason) {
    try {
      listener.finished(request, succeeded, reason);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a dispatch listener failed: " + e, e);
    }
  }

  /** One unit, with retries; completes with its result, never exceptionally. */
  private CompletableFuture<ActionResult> run(Dispatched request, Unit unit) {
    if (unit.failure() != null) {
      meters.finished(
          DispatchMeters.NO_EXECUTOR,
          request.decision().action(),
          ActionResult.FAILED,
          Duration.ZERO);
      ActionResult r =
          result(request, unit.model(), unit.node(), ActionResult.FAILED, unit.failure(), 0);
      report(r);
      return CompletableFuture.completedFuture(r);
    }
    CompletableFuture<ActionResult> outcome = new CompletableFuture<>();
    AtomicInteger inFlight = meters.inFlight(unit.executor().name());
    inFlight.incrementAndGet();
    attempt(request, unit, 1, System.nanoTime(), outcome);
    return outcome.whenComplete((r, e) -> inFlight.decrementAndGet());
  }

  private void attempt(
      Dispatched request,
      Unit unit,
      int attempt,
      long startNanos,
      CompletableFuture<ActionResult> outcome) {
    Breaker breaker = breaker(unit.node() == null ? "" : unit.node());
    String refusal = breaker.refusal(System.nanoTime());
    if (refusal != null) {
      end(request, unit, startNanos, ActionResult.FAILED, refusal, null, outcome);
      return;
    }
    call(unit)
        .whenComplete(
            (result, error) -> {
              if (error == null) {
                breaker.succeeded();
                end(
                    request,
                    unit,
                    startNanos,
                    result.outcome().label(),
                    result.reason(),
                    result.succeeded() ? result.modelState() : null,
                    outcome);
                return;
              }
              Throwable cause = unwrap(error);
              if (!(cause instanceof TransientFailure || cause instanceof TimeoutException)) {
                // an executor may fail only with TransientFailure: anything else is not retried
                end(request, unit, startNanos, ActionResult.FAILED, describe(cause), null, outcome);
                return;
              }
              String reason = describe(cause);
              breaker.failed(reason, System.nanoTime());
              if (attempt > options.retries()) {
                end(
                    request,
                    unit,
                    startNanos,
                    ActionResult.FAILED,
                    reason + " (after " + attempt + " attempt(s))",
                    null,
                    outcome);
                return;
              }
              meters.retries(unit.executor().name()).increment();
              timers.schedule(
                  () -> attempt(request, unit, attempt + 1, startNanos, outcome),
                  options.backoffBefore(attempt).toNanos(),
                  TimeUnit.NANOSECONDS);
            });
  }

  /**
   * Told of each call to an executor just before it is made, on the dispatcher's threads: where a
   * benchmark splits PICCOLO's time from the runtime's.
   */
  public void onCall(java.util.function.Consumer<Work> calls) {
    this.calls = calls;
  }

  /** The executor's stage, or a timeout once the call takes too long. */
  private CompletableFuture<WorkResult> call(Unit unit) {
    CompletableFuture<WorkResult> answer = new CompletableFuture<>();
    CompletionStage<WorkResult> stage;
    try {
      calls.accept(unit.work());
      stage =
          unit.work().action().equals(Resolver.PREPARE)
              ? ((WarmStart) unit.executor()).prepare(unit.work())
              : unit.executor().execute(unit.work());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Duration limit = options.callTimeout();
    if (STOPPING.contains(unit.work().action())) {
      // a stop may take the Model's grace period before the runtime kills what is left
      limit = limit.plus(ModelMapping.gracePeriod(unit.work().target().model().document()));
    }
    Duration bound = limit;
    var timeout =
        timers.schedule(
            () ->
                answer.completeExceptionally(
                    new TimeoutException(
                        unit.executor().name()
                            + " did not answer within "
                            + bound.toMillis()
                            + " ms")),
            bound.toNanos(),
            TimeUnit.NANOSECONDS);
    stage.whenComplete(
        (r, e) -> {
          timeout.cancel(false);
          if (e != null) {
            answer.completeExceptionally(e);
          } else if (r == null) {
            answer.completeExceptionally(new IllegalStateException("no result"));
          } else {
            answer.complete(r);
          }
        });
    return answer;
  }

  private void end(
      Dispatched request,
      Unit unit,
      long startNanos,
      String outcome,
      String reason,
      String modelState,
      CompletableFuture<ActionResult> done) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    String action = unit.work().action();
    meters.finished(unit.executor().name(), action, outcome, took);
    if (modelState != null && unit.model() != null) {
      states.recordWork(action, unit.model(), modelState, reason);
    }
    if (request == null) {
      if (outcome.equals(ActionResult.FAILED)) {
        warmStartFailed(unit, reason);
      }
      done.complete(null);
      return;
    }
    ActionResult r = result(request, unit.model(), unit.node(), outcome, reason, took.toMillis());
    report(r);
    done.complete(r);
  }

  private ActionResult result(
      Dispatched request,
      String model,
      String node,
      String outcome,
      String reason,
      long durationMillis) {
    DecidedAction d = request.decision();
    return new ActionResult(
        request.requestId(),
        d.scenario(),
        d.action(),
        d.target(),
        model,
        node,
        outcome,
        reason,
        durationMillis,
        clock.getAsLong());
  }

  private void warmStartFailed(Unit unit, String reason) {
    try {
      listener.warmStartFailed(unit.model(), unit.node(), reason);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a dispatch listener failed: " + e, e);
    }
  }

  private void report(ActionResult r) {
    try {
      listener.result(r);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a dispatch listener failed: " + e, e);
    }
  }

  private Breaker breaker(String node) {
    return breakers.computeIfAbsent(
        node,
        n -> {
          Breaker b = new Breaker(n, options.breakerFailures(), options.breakerOpenFor());
          meters.breaker(n, b::state);
          return b;
        });
  }

  /** A node's circuit: closed, half-open or open. */
  public String breakerState(String node) {
    return breaker(node == null ? "" : node).state().name().toLowerCase(java.util.Locale.ROOT);
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
   * timeout), then stops the executors; the last Model states are queued for the store by then.
   */
  @Override
  public CompletionStage<Void> stop() {
    accepting = false;
    watches.forEach(StateStore.Watch::close);
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

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  private static String cause(Throwable t) {
    return describe(unwrap(t));
  }
}
