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
import io.piccolo.gateway.security.Audit;
import io.piccolo.gateway.security.AuditLog;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live process: the evaluator on the real clock and the HTTP server, started in that order and
 * stopped in reverse, so a stop first refuses new requests, then evaluates what is queued. Decided
 * actions leave through one {@link ActionSink}.
 */
public final class PiccoloServer {
  public static final String STUCK_ROUNDS = "piccolo.rounds.stuck";
  public static final String QUEUE = "piccolo.evaluator.queue";

  private final Settings settings;
  private final PrintWriter log;
  private final Vertx vertx = Vertx.vertx();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Readiness readiness = new Readiness();
  private final RoundWatchdog watchdog;
  private final io.micrometer.core.instrument.Counter stuckRounds;
  private final LiveEvaluator evaluator;
  private final HttpApi http;
  private final List<Part> parts = new ArrayList<>();
  private final List<Part> started = new ArrayList<>();

  private final StateStore store;
  private final EventStream events;
  private final ServeSecurity security;
  private final AuditLog audit;

  /**
   * Checks the security settings (keys, the address, TLS files) before anything starts.
   *
   * @throws IllegalArgumentException naming the setting the server cannot start with
   */
  public static void checkSettings(Settings settings) {
    Vertx vertx = Vertx.vertx();
    try {
      ServeSecurity.check(settings, vertx);
    } finally {
      vertx.close();
    }
  }

  /**
   * @param store where artifacts are kept; the server owns it and closes it when it stops
   * @throws IllegalArgumentException naming a security setting the server cannot start with (the
   *     store is then closed)
   */
  public PiccoloServer(
      RuleBase ruleBase, StateStore store, Settings settings, ActionSink actions, PrintWriter log) {
    this.settings = settings;
    this.store = store;
    this.events = new EventStream(meters);
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
              stuckRounds.increment();
              readiness.problem("evaluator", stuck.describe());
              log.println("piccolo serve: not ready: " + stuck.describe());
              log.flush();
            });
    EvaluatorOptions options =
        EvaluatorOptions.live()
            .meters(meters)
            .watchdog(watchdog)
            .denyByDefault(settings.get(Settings.DEFAULT_DECISION).equals("deny"));
    this.evaluator =
        new LiveEvaluator(
            ruleBase,
            options,
            settings.get(Settings.BATCH_LATENCY),
            settings.get(Settings.QUEUE_CAPACITY),
            new LiveEvaluator.Listener() {
              @Override
              public void decided(List<DecidedAction> round) {
                actions.accept(round);
                events.publish(round);
                round.forEach(d -> DecisionAudit.record(audit, d));
              }

              @Override
              public void failed(RuntimeException failure) {
                log.println("piccolo serve: " + failure.getMessage());
                log.flush();
              }
            });
    io.micrometer.core.instrument.Gauge.builder(QUEUE, evaluator, LiveEvaluator::queued)
        .description("samples waiting for the evaluator")
        .register(meters);
    this.http =
        new HttpApi(
            vertx,
            settings.get(Settings.SERVE_HOST),
            settings.get(Settings.SERVE_PORT),
            settings.get(Settings.SERVE_BODY_LIMIT),
            security.tls(),
            security.guard(settings, meters, audit),
            readiness,
            meters,
            evaluator,
            new PullpiriArtifacts(vertx, store, audit),
            events,
            new ResourceApi(vertx, store, audit));
    parts.add(Part.of("evaluator", evaluator));
    parts.add(new StoredScenarios(vertx, store, ruleBase.scenarios(), evaluator, meters, log));
    parts.add(http);
  }

  /** Starts every part in order; a part that fails to start stops those already started. */
  public Future<Void> start() {
    Future<Void> chain = Future.succeededFuture();
    for (Part part : parts) {
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
    return chain
        .onSuccess(done -> readiness.started())
        .recover(e -> stop().transform(stopped -> Future.failedFuture(e)));
  }

  /** Stops the started parts in reverse order, then releases Vert.x; failures are logged. */
  public Future<Void> stop() {
    readiness.stopping();
    Future<Void> chain = Future.succeededFuture();
    List<Part> reverse = new ArrayList<>(started);
    java.util.Collections.reverse(reverse);
    for (Part part : reverse) {
      chain =
          chain.compose(
              ignored ->
                  part.stop()
                      .timeout(settings.get(Settings.SERVE_DRAIN_TIMEOUT))
                      .recover(
                          e -> {
                            log.println("piccolo serve: stopping " + part.name() + ": " + e);
                            return Future.succeededFuture();
                          }));
    }
    started.clear();
    return chain.compose(
        ignored -> {
          watchdog.close();
          audit.close(settings.get(Settings.SERVE_DRAIN_TIMEOUT));
          try {
            store.close();
          } catch (Exception e) {
            log.println("piccolo serve: closing the store: " + e.getMessage());
          }
          return vertx.close();
        });
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

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  public Duration drainTimeout() {
    return settings.get(Settings.SERVE_DRAIN_TIMEOUT);
  }

  /** Where decided actions leave the process; dry-run until executors exist. */
  public interface ActionSink extends Consumer<List<DecidedAction>> {}
}
