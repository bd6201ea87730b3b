package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.gateway.security.Audit;
import io.piccolo.gateway.security.AuditLog;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live process: the evaluator on the real clock and the HTTP server, started in that order and
 * stopped in reverse, so a stop first refuses new requests, then evaluates what is queued. Decided
 * actions leave through one dispatcher ({@link ActionDispatch}) to the executors the settings name,
 * and their results come back to the evaluator; every decision is also told to one {@link
 * DecisionOutput} (serve prints them as JSON lines).
 */
public final class PiccoloServer {
  public static final String STUCK_ROUNDS = "piccolo.rounds.stuck";
  public static final String QUEUE = "piccolo.evaluator.queue";

  private final Settings settings;
  private final PrintWriter log;
  private final Vertx vertx;
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Readiness readiness = new Readiness();
  private final RoundWatchdog watchdog;
  private final io.micrometer.core.instrument.Counter stuckRounds;
  private final CompletionStage<RuleBase> rules;
  private final DecisionOutput decisions;
  private final ActionDispatch dispatch;
  private final EvaluatorOptions options;

  /** Null until the rule base is built. */
  private volatile LiveEvaluator evaluator;

  /** What the evaluator was built from; null until the rule base is built. */
  private volatile LoadedRules loaded;

  private volatile ScenarioStates statesRef;
  private final List<String> ruleFiles;
  private final Webhooks webhooks;

  private final HttpApi http;
  private final List<Part> parts = new ArrayList<>();
  private final List<Part> started = new ArrayList<>();

  private final StateStore store;
  private final UnknownSignals unknownSignals;
  private final EventHub events;
  private final ServeSecurity security;
  private final AuditLog audit;

  /**
   * Checks the security settings (keys, the address, TLS files) and the webhooks' filters before
   * anything starts.
   *
   * @throws IllegalArgumentException naming the setting the server cannot start with
   */
  public static void checkSettings(Settings settings) {
    Webhooks.filters(settings);
    Runtimes.check(settings);
    Vertx vertx = Vertx.vertx();
    try {
      ServeSecurity.check(settings, vertx);
    } finally {
      vertx.close();
    }
  }

  private volatile StoredScenarios storedScenarios;

  /** The rule files, when the rules can be changed while the server runs; null otherwise. */
  private final ReloadableRules files;

  /** Rebuilds the rules from their files, once the first rule base is built. */
  private volatile RuleReloads reloads;

  /**
   * @param store where artifacts are kept; the server owns it and closes it when it stops
   * @throws IllegalArgumentException naming a security setting the server cannot start with (the
   *     store is then closed)
   */
  public PiccoloServer(
      RuleBase ruleBase,
      StateStore store,
      Settings settings,
      DecisionOutput decisions,
      PrintWriter log) {
    this(ruleBase, store, "store", settings, decisions, log);
  }

  /**
   * @param storeName how messages name the store ("etcd at http://...", "local store FILE")
   */
  public PiccoloServer(
      RuleBase ruleBase,
      StateStore store,
      String storeName,
      Settings settings,
      DecisionOutput decisions,
      PrintWriter log) {
    this(
        CompletableFuture.completedFuture(ruleBase),
        null,
        store,
        storeName,
        settings,
        decisions,
        log);
  }

  /**
   * @param files the rule files {@code ruleBase} was built from, so they can be changed and rebuilt
   *     while the server runs
   */
  public PiccoloServer(
      RuleBase ruleBase,
      ReloadableRules files,
      StateStore store,
      Settings settings,
      DecisionOutput decisions,
      PrintWriter log) {
    this(
        CompletableFuture.completedFuture(ruleBase),
        files,
        store,
        "store",
        settings,
        decisions,
        log);
  }

  /**
   * A server whose rule base is still being built: {@link #start} opens the port and probes the
   * store at once, answering {@code /health/ready} 503 and samples 503 until the rules are built,
   * then starts the evaluator and the stored scenarios' watch.
   */
  public PiccoloServer(
      CompletionStage<RuleBase> rules,
      StateStore store,
      String storeName,
      Settings settings,
      DecisionOutput decisions,
      PrintWriter log) {
    this(rules, null, store, storeName, settings, decisions, log);
  }

  /**
   * As above, with the rule files the rules are built from, so they can be changed and rebuilt
   * while the server runs ({@code /api/v1/rules}, and the watch); null when there are none.
   */
  public PiccoloServer(
      CompletionStage<RuleBase> rules,
      ReloadableRules files,
      StateStore store,
      String storeName,
      Settings settings,
      DecisionOutput decisions,
      PrintWriter log) {
    try {
      Webhooks.filters(settings); // a wrong webhook filter is refused before any thread starts
      Runtimes.check(settings); // and so is a runtime this build does not carry out
    } catch (IllegalArgumentException e) {
      try {
        store.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    this.vertx = Vertx.vertx();
    this.rules = rules;
    this.files = files;
    this.ruleFiles =
        files == null
            ? List.of()
            : files.paths().stream().map(java.nio.file.Path::toString).toList();
    this.decisions = decisions;
    this.settings = settings;
    this.store = store;
    this.events = new EventHub(vertx, meters);
    this.log = log;
    try {
      this.security = ServeSecurity.check(settings, vertx);
    } catch (IllegalArgumentException e) {
      vertx.close();
      try {
        store.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    this.audit =
        new AuditLog(
            settings.get(Settings.AUDIT_FILE),
            settings.get(Settings.AUDIT_MAX_SIZE),
            settings.get(Settings.AUDIT_FILES),
            java.time.Clock.systemUTC(),
            meters,
            log);
    RuleReloads.registerMeters(meters);
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    this.stuckRounds =
        io.micrometer.core.instrument.Counter.builder(STUCK_ROUNDS)
            .description("evaluation rounds stuck in a rule past evaluation.round-timeout")
            .register(meters);
    this.watchdog =
        new RoundWatchdog(
            settings.get(Settings.ROUND_TIMEOUT),
            stuck -> {
              // the stack is in the log before anyone can see the server not ready
              log.println("piccolo serve: not ready: " + stuck.describe());
              log.flush();
              stuckRounds.increment();
              readiness.problem("evaluator", stuck.summary());
            });
    this.options =
        EvaluatorOptions.live()
            .meters(meters)
            .watchdog(watchdog)
            .denyByDefault(settings.get(Settings.DEFAULT_DECISION).equals("deny"))
            .resultRetention(settings.get(Settings.RESULT_RETENTION));
    this.dispatch =
        new ActionDispatch(
            vertx, store, settings, events, meters, () -> evaluator, () -> statesRef, log);
    io.micrometer.core.instrument.Gauge.builder(
            QUEUE, this, s -> s.evaluator == null ? 0 : s.evaluator.queued())
        .description("samples waiting for the evaluator")
        .register(meters);
    this.webhooks = new Webhooks(vertx, events, settings, meters);
    HttpLimits limits = HttpLimits.of(settings);
    this.unknownSignals = new UnknownSignals(meters, log);
    SampleReader samples =
        new SampleReader(limits.signalPath(), limits.signalText(), unknownSignals);
    SignalQueue signals =
        new SignalQueue(
            () -> evaluator, settings.get(Settings.QUEUE_CAPACITY), unknownSignals, meters);
    StreamApi stream =
        new StreamApi(
            events,
            signals,
            samples,
            new ServeStatus(
                vertx, () -> loaded, () -> evaluator, signals, readiness, webhooks::counts),
            MethodGuard.ROLES,
            settings.get(Settings.SERVE_FRAME_LIMIT).intValue(),
            settings.get(Settings.SERVE_MESSAGE_LIMIT).intValue(),
            settings.get(Settings.SERVE_STREAM_WRITE_QUEUE).intValue(),
            settings.get(Settings.SERVE_IDLE_TIMEOUT).dividedBy(2),
            meters);
    this.http =
        new HttpApi(
            vertx,
            settings.get(Settings.SERVE_HOST),
            settings.get(Settings.SERVE_PORT),
            limits,
            security.tls(),
            security.guard(settings, meters, audit),
            readiness,
            meters,
            signals,
            samples,
            new PullpiriArtifacts(vertx, store, audit),
            new EventStream(events, settings.get(Settings.SERVE_IDLE_TIMEOUT).dividedBy(2)),
            stream,
            new ResourceApi(vertx, store, audit),
            new RulesApi(
                vertx, files != null, () -> reloads, settings.get(Settings.TEXT_FILE_SIZE)));
    parts.add(
        new StoreReachability(
            vertx,
            store,
            storeName,
            settings.get(Settings.STORE_PROBE_INTERVAL),
            readiness,
            meters,
            log));
    parts.add(http);
  }

  private static java.util.Set<String> scenarioNames(RuleBase ruleBase) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    ruleBase.scenarios().forEach(scenario -> names.add(scenario.name()));
    return names;
  }

  /**
   * The scenario state recorder, the webhooks, the dispatcher, the evaluator, the stored scenarios'
   * watch and the store facts, once the rule base is built: stopped in reverse, so the last
   * decisions reach the executors, their results and states the store, and the webhooks all of it.
   */
  private List<Part> ruleParts(RuleBase ruleBase) {
    LiveEvaluator live =
        new LiveEvaluator(
            ruleBase,
            options,
            settings.get(Settings.BATCH_LATENCY),
            settings.get(Settings.QUEUE_CAPACITY),
            new LiveEvaluator.Listener() {
              @Override
              public void decided(List<DecidedAction> round) {
                ScenarioStates states = statesRef;
                if (states != null) {
                  states.record(round); // before the work, so its outcome finds the firing
                }
                dispatch.dispatch(round);
                events.publish(round); // before the output lines: subscribers wait on it
                decisions.accept(round);
                round.forEach(d -> DecisionAudit.record(audit, d));
              }

              @Override
              public void failed(RuntimeException failure) {
                log.println("piccolo serve: " + failure.getMessage());
                log.flush();
              }
            });
    ScenarioStates states =
        new ScenarioStates(
            vertx,
            store,
            scenarioNames(ruleBase),
            events,
            settings.get(Settings.STORE_OUTAGE_LIMIT),
            log);
    StoredScenarios watch =
        new StoredScenarios(
            vertx,
            store,
            ruleBase,
            live,
            meters,
            log,
            (rules, scenarios) -> {
              loaded = LoadedRules.of(rules, scenarios.size(), ruleFiles);
              unknownSignals.running(rules, scenarios);
              states.follow(
                  scenarios.stream()
                      .map(Scenario::name)
                      .collect(
                          java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
            });
    evaluator = live;
    storedScenarios = watch;
    statesRef = states;
    StoreFollow facts = new StoreFollow(vertx, store, live);
    if (files == null) {
      return List.of(states, webhooks, dispatch, Part.of("evaluator", live), watch, facts);
    }
    RuleReloads rebuilds =
        new RuleReloads(
            ruleBase,
            files,
            settings.get(Settings.TEXT_FILE_SIZE),
            watch,
            events,
            meters,
            audit,
            log);
    reloads = rebuilds;
    if (!files.watch()) {
      return List.of(states, webhooks, dispatch, Part.of("evaluator", live), watch, facts);
    }
    return List.of(
        states,
        webhooks,
        dispatch,
        Part.of("evaluator", live),
        watch,
        facts,
        new RuleWatcher(files.paths(), rebuilds, settings.get(Settings.SERVE_WATCH_DEBOUNCE), log));
  }

  /**
   * Starts the HTTP server and the store probe at once, while the rule base may still be building;
   * then, once it is built, the evaluator and the stored scenarios' watch; ready only then. A part
   * that fails to start (or rules that do not build) stops those already started.
   */
  public Future<Void> start() {
    Future<Void> chain = startInOrder(Future.succeededFuture(), parts);
    Future<RuleBase> built = Future.fromCompletionStage(rules);
    return chain
        .compose(open -> built)
        .compose(ruleBase -> vertx.executeBlocking(() -> ruleParts(ruleBase)))
        .compose(later -> startInOrder(Future.succeededFuture(), later))
        .onSuccess(done -> readiness.started())
        .recover(e -> stop().transform(stopped -> Future.failedFuture(e)));
  }

  private Future<Void> startInOrder(Future<Void> chain, List<Part> toStart) {
    for (Part part : toStart) {
      chain =
          chain.compose(
              ignored ->
                  part.start()
                      .onSuccess(done -> started.add(part))
                      .recover(
                          e ->
                              Future.failedFuture(
                                  new IllegalStateException(
                                      part.name() + " did not start: " + e.getMessage(), e))));
    }
    return chain;
  }

  /**
   * Stops as a drain: the HTTP server takes no new connections, the other parts stop in reverse
   * order (the evaluator evaluates what is queued, its decisions still reach event subscribers),
   * then the event streams end and the server closes. The whole drain gets {@code
   * serve.drain-timeout}; a part that is not done by then is left behind, logged.
   *
   * @return how many queued samples the drain evaluated, and how many it left unevaluated
   */
  public Future<Drained> stop() {
    readiness.stopping();
    long deadline = System.nanoTime() + drainTimeout().toNanos();
    LiveEvaluator live = evaluator;
    long evaluatedBefore = live == null ? 0 : live.evaluated();
    boolean httpStarted = started.remove(http);
    Future<Void> httpDone = httpStarted ? http.refuseNew(drainTimeout()) : Future.succeededFuture();
    Future<Void> chain = Future.succeededFuture();
    List<Part> reverse = new ArrayList<>(started);
    java.util.Collections.reverse(reverse);
    if (httpStarted) {
      reverse.add(http);
    }
    for (Part part : reverse) {
      chain =
          chain.compose(
              ignored ->
                  within(
                          part == http ? http.stop().compose(closed -> httpDone) : part.stop(),
                          deadline)
                      .recover(
                          e -> {
                            log.println(
                                "piccolo serve: stopping the "
                                    + part.name()
                                    + ": "
                                    + (e instanceof java.util.concurrent.TimeoutException
                                        ? "not done within serve.drain-timeout ("
                                            + drainTimeout().toMillis()
                                            + " ms), left behind"
                                        : e.getMessage()));
                            log.flush();
                            return Future.succeededFuture();
                          }));
    }
    started.clear();
    return chain.compose(
        ignored -> {
          Drained drained =
              live == null
                  ? new Drained(0, 0)
                  : new Drained(live.evaluated() - evaluatedBefore, Math.max(0, live.pending()));
          watchdog.close();
          audit.close(settings.get(Settings.SERVE_DRAIN_TIMEOUT));
          try {
            store.close();
          } catch (Exception e) {
            log.println("piccolo serve: closing the store: " + e.getMessage());
          }
          return vertx.close().map(drained);
        });
  }

  /**
   * Checks posted samples against a VSS catalogue: samples of paths it does not name (and no rule
   * reads) are counted as unknown, values their signal cannot take warned about; strict, both are
   * refused. Before {@link #start}.
   */
  public PiccoloServer checkSignalsAgainst(
      io.piccolo.connectors.vss.VssCatalogue catalogue, boolean strict) {
    unknownSignals.checkAgainst(catalogue, strict);
    return this;
  }

  /** The API keys the server was started with; none means loopback only. */
  public int keyCount() {
    return security.keys().size();
  }

  /** Whether the server speaks HTTPS. */
  public boolean tls() {
    return security.tls() != null;
  }

  /** Where the audit log is written. */
  public java.nio.file.Path auditFile() {
    return audit.file();
  }

  /** The audit trail, for parts that record changes (rules, keys). */
  public Audit audit() {
    return audit;
  }

  /** The stop's outcome, or a timeout failure once the drain's deadline has passed. */
  private Future<Void> within(Future<Void> stopping, long deadline) {
    io.vertx.core.Promise<Void> outcome = io.vertx.core.Promise.promise();
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    long timer =
        vertx.setTimer(
            millis,
            late -> outcome.tryFail(new java.util.concurrent.TimeoutException("drain deadline")));
    stopping.onComplete(
        done -> {
          vertx.cancelTimer(timer);
          if (done.succeeded()) {
            outcome.tryComplete();
          } else {
            outcome.tryFail(done.cause());
          }
        });
    return outcome.future();
  }

  /**
   * What a drain did.
   *
   * @param evaluated samples evaluated while draining
   * @param lost samples accepted that were never evaluated (the drain ran out of time)
   */
  public record Drained(long evaluated, long lost) {}

  /** Scenarios running: the rule files' and the stored ones (a stored one replaces its name). */
  public int scenarios() {
    return storedScenarios == null ? 0 : storedScenarios.running();
  }

  /** Scenarios read from the store, as of its last change. */
  public int storedScenarios() {
    return storedScenarios == null ? 0 : storedScenarios.stored();
  }

  /** Where events leave the process; a rule reload publishes its event here. */
  public EventHub events() {
    return events;
  }

  /** Where decided actions leave the server. */
  ActionDispatch dispatch() {
    return dispatch;
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  public Duration drainTimeout() {
    return settings.get(Settings.SERVE_DRAIN_TIMEOUT);
  }

  /**
   * Told every round's decisions, on the evaluator's thread (serve prints them as JSON lines); the
   * actions themselves go to the dispatcher.
   */
  public interface DecisionOutput extends Consumer<List<DecidedAction>> {}
}
