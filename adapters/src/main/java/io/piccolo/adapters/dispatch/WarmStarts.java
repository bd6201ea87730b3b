package io.piccolo.adapters.dispatch;

import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The warm start ({@link WarmStart}) of Packages marked warm ({@code spec.warm: true}): their
 * Models are prepared when the dispatcher starts, whenever the Package or one of its Models changes
 * in the store, and again after each {@code terminate} of the Package, in the Package's lane like
 * any other work on it. No decision asks for that work, so it makes no results, only Model states.
 *
 * <p>A warm start that fails because the runtime is away is tried again with the dispatcher's
 * backoff ({@link DispatchOptions#backoffBefore}, from the first retry's wait doubling to the
 * longest), as a new piece of work in the lane, so a launch decided meanwhile never waits behind it
 * and starts the Model from nothing; each retry prepares the Package as the store has it then. The
 * listener hears of the first failure in a row. A refusal (an image the runtime does not have) is
 * not tried again until the Package or its Models change.
 */
final class WarmStarts {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  /** Queues work on a lane, counted until it ends. */
  interface Queue {
    void queue(String lane, Supplier<CompletableFuture<Void>> work);
  }

  private final StateStore store;
  private final Resolver resolver;
  private final UnitRunner runner;
  private final Reporter reporter;
  private final DispatchOptions options;
  private final ScheduledExecutorService timers;
  private final Executor intake;
  private final Queue lanes;
  private final Supplier<String> ids;
  private final BooleanSupplier accepting;
  private final List<StateStore.Watch> watches = new CopyOnWriteArrayList<>();

  /** Warm Packages as last prepared: the versions of the Package and of each of its Models. */
  private final Map<String, String> prepared = new HashMap<>();

  /** Warm starts that failed in a row because the runtime was away, per Model. */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  WarmStarts(
      StateStore store,
      Resolver resolver,
      UnitRunner runner,
      Reporter reporter,
      DispatchOptions options,
      ScheduledExecutorService timers,
      Executor intake,
      Queue lanes,
      Supplier<String> ids,
      BooleanSupplier accepting) {
    this.store = store;
    this.resolver = resolver;
    this.runner = runner;
    this.reporter = reporter;
    this.options = options;
    this.timers = timers;
    this.intake = intake;
    this.lanes = lanes;
    this.ids = ids;
    this.accepting = accepting;
  }

  /** Prepares warm Packages now, and again whenever one of them or its Models changes. */
  void follow() {
    try {
      watches.add(store.watch("Package", all -> intake.execute(this::prepareChanged)));
      watches.add(store.watch("Model", all -> intake.execute(this::prepareChanged)));
    } catch (Exception e) {
      throw new CompletionException(
          new IllegalStateException("the Packages could not be followed: " + e.getMessage(), e));
    }
  }

  void close() {
    watches.forEach(StateStore.Watch::close);
  }

  /** The warm start again after a terminate: the same Models, on executors that prepare. */
  CompletableFuture<Void> afterTerminate(List<Unit> terminated) {
    List<Unit> units = new ArrayList<>();
    String id = ids.get();
    for (Unit u : terminated) {
      if (u.executor() instanceof WarmStart) {
        Work work = new Work(id, Resolver.PREPARE, null, u.work().target(), Map.of());
        units.add(new Unit(work, u.executor(), u.model(), u.node(), null));
      }
    }
    return prepare(units);
  }

  /** On the intake thread: each warm Package whose document or Models changed is prepared. */
  private void prepareChanged() {
    if (!accepting.getAsBoolean()) {
      return;
    }
    try {
      Set<String> warm = new HashSet<>();
      for (StoredArtifact pkg : store.list("Package")) {
        if (!Resolver.warm(pkg)) {
          continue;
        }
        warm.add(pkg.name());
        String versions = versions(pkg);
        if (!versions.equals(prepared.put(pkg.name(), versions))) {
          List<Unit> units = resolver.prepare(pkg, ids.get());
          if (!units.isEmpty()) {
            lanes.queue(lane(pkg.name()), () -> prepare(units));
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

  private CompletableFuture<Void> prepare(List<Unit> units) {
    List<CompletableFuture<Void>> each = new ArrayList<>();
    for (Unit u : units) {
      each.add(runner.run(u).thenAccept(ended -> settled(u, ended)));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
  }

  private void settled(Unit unit, UnitRunner.Ended ended) {
    if (ended.succeeded()) {
      failures.remove(unit.model());
      return;
    }
    if (!ended.transientFailure()) {
      failures.remove(unit.model());
      reporter.warmStartFailed(unit.model(), unit.node(), ended.reason());
      return;
    }
    int inARow = failures.merge(unit.model(), 1, Integer::sum);
    if (inARow == 1) {
      reporter.warmStartFailed(unit.model(), unit.node(), ended.reason());
    }
    timers.schedule(
        () -> intake.execute(() -> retry(unit, inARow)),
        options.backoffBefore(inARow).toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /**
   * On the intake thread: the Model's warm start again, from the store as it is now, unless it has
   * succeeded since, the Package is gone or no longer warm, or the dispatcher is stopping.
   */
  private void retry(Unit failed, int inARow) {
    if (!accepting.getAsBoolean()
        || !Integer.valueOf(inARow).equals(failures.get(failed.model()))) {
      return;
    }
    String packageName = failed.work().target().packageName();
    try {
      Optional<StoredArtifact> pkg = store.get(new ArtifactRef("Package", packageName));
      List<Unit> units =
          pkg.isPresent() && Resolver.warm(pkg.get())
              ? resolver.prepare(pkg.get(), ids.get()).stream()
                  .filter(u -> u.model().equals(failed.model()))
                  .toList()
              : List.of();
      if (units.isEmpty()) {
        failures.remove(failed.model());
        return;
      }
      lanes.queue(lane(packageName), () -> prepare(units));
    } catch (StoreException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a warm start could not be tried again: " + e, e);
      timers.schedule(
          () -> intake.execute(() -> retry(failed, inARow)),
          options.backoffBefore(inARow).toNanos(),
          TimeUnit.NANOSECONDS);
    }
  }

  private static String lane(String packageName) {
    return "Package/" + packageName;
  }
}
