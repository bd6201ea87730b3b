package io.piccolo.gateway.serve;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.piccolo.gateway.security.TlsFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The HTTP server of {@code piccolo serve}: health, metrics, live signals and artifacts. */
final class HttpApi implements Part {
  static final String HTTP_REQUESTS = HttpMeters.HTTP_REQUESTS;
  private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final long bodyLimit;
  private final TlsFiles tls;
  private final AccessGuard guard;
  private final HttpLimits limits;
  private final Readiness readiness;
  private final PrometheusMeterRegistry meters;
  private final HttpMeters answers;
  private final SlowClientGuard slowClients;
  private final SignalIntake signals;
  private final PullpiriArtifacts artifacts;
  private final EventStream events;
  private final StreamApi stream;
  private final ResourceApi resources;
  private final RulesApi rules;
  private HttpServer server;

  HttpApi(
      Vertx vertx,
      String host,
      int port,
      HttpLimits limits,
      TlsFiles tls,
      AccessGuard guard,
      Readiness readiness,
      PrometheusMeterRegistry meters,
      SignalQueue signals,
      SampleReader samples,
      PullpiriArtifacts artifacts,
      EventStream events,
      StreamApi stream,
      ResourceApi resources,
      RulesApi rules) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.bodyLimit = limits.body();
    this.limits = limits;
    this.tls = tls;
    this.guard = guard;
    this.readiness = readiness;
    this.meters = meters;
    this.answers = new HttpMeters(meters);
    this.slowClients = new SlowClientGuard(vertx, limits.headerTimeout(), meters);
    this.signals = new SignalIntake(signals, samples);
    this.artifacts = artifacts;
    this.events = events;
    this.stream = stream;
    this.resources = resources;
    this.rules = rules;
  }

  @Override
  public String name() {
    return "HTTP server";
  }

  /** The port the server listens on (the one chosen when the setting is 0). */
  int port() {
    return server.actualPort();
  }

  @Override
  public Future<Void> start() {
    Router router = Router.router(vertx);
    router.route().handler(answers::countWhenAnswered);
    router.route().handler(slowClients::headersReceived);
    router.route().failureHandler(HttpApi::clientGone);
    router.route().handler(guard); // before any body is read
    stream.routes(router); // before the body handler: a WebSocket handshake has no body to read
    // bodies are YAML or JSON whatever their declared type (curl -d says form-urlencoded)
    router.route().handler(HttpApi::bodyAsIs);
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("live", true)));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    router.post("/api/v1/signals").handler(signals::handle);
    router.post("/api/artifact").handler(artifacts::apply);
    router.delete("/api/artifact").handler(artifacts::delete);
    events.routes(router);
    rules.routes(router); // before the resource kinds, which would take "rules" for a kind
    resources.routes(router);
    Endpoints endpoints = Endpoints.of(router);
    answers.register(endpoints);
    router.route().last().handler(ctx -> notServed(ctx, endpoints));
    router.errorHandler(
        413,
        ctx ->
            HttpProblem.send(
                ctx,
                413,
                "request too large",
                "the body is larger than serve.body-limit (" + bodyLimit + " bytes)"));
    router.errorHandler(
        405,
        ctx ->
            HttpProblem.send(
                ctx,
                405,
                "method not allowed",
                ctx.request().method() + " is not served on " + ctx.request().path()));
    router.errorHandler(500, this::failed);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            // else a connection is seen only with its first request, too late for its deadline
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) limits.idleTimeout().toMillis())
            .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
            .setMaxInitialLineLength((int) limits.header())
            .setMaxHeaderSize((int) limits.header());
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls.options());
    }
    stream.configure(options);
    server = vertx.createHttpServer(options);
    return server
        .connectionHandler(slowClients::opened)
        .invalidRequestHandler(request -> BadRequests.answer(request, limits.header(), answers))
        .exceptionHandler(ClientDisconnects::unhandled)
        .requestHandler(router)
        .listen()
        .mapEmpty();
  }

  /** 405 with {@code Allow} for a known path asked with another method, else 404. */
  private static void notServed(RoutingContext ctx, Endpoints endpoints) {
    java.util.Set<String> allowed = endpoints.allowed(ctx.request().path());
    String asked = ctx.request().method() + " " + ctx.request().path();
    if (allowed.isEmpty()) {
      HttpProblem.send(
          ctx, 404, "no such endpoint", asked + " is not served; docs/api.md lists the endpoints");
      return;
    }
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    HttpProblem.send(
        ctx,
        405,
        "method not allowed",
        asked + " is not served; this path takes " + String.join(", ", allowed));
  }

  /** A client gone mid-request: nothing to answer (the meters count it); other failures go on. */
  private static void clientGone(RoutingContext ctx) {
    if (!ClientDisconnects.is(ctx.failure()) && !ctx.response().closed()) {
      ctx.next();
    }
  }

  /** A handler that failed for a reason of the server's own: answered 500 and logged. */
  private void failed(RoutingContext ctx) {
    LOG.log(
        System.Logger.Level.WARNING,
        "a request failed: "
            + ctx.request().method()
            + " "
            + ctx.request().path()
            + ": "
            + ctx.failure());
    HttpProblem.send(ctx, 500, "the request failed", String.valueOf(ctx.failure()));
  }

  /**
   * The first step of a stop: no new connections; open ones (event streams) stay until {@link
   * #stop}, or until {@code grace} has passed.
   *
   * @return completes once every connection is closed
   */
  Future<Void> refuseNew(java.time.Duration grace) {
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }

  /** Ends the event streams after the decisions already handed to them, then closes the server. */
  @Override
  public Future<Void> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    stream.closeAll();
    return events.closeAll().compose(ended -> server.close());
  }

  private static void bodyAsIs(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null
        && (type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/"))) {
      ctx.request().headers().set("Content-Type", "application/octet-stream");
    }
    ctx.next();
  }

  private void ready(RoutingContext ctx) {
    boolean ready = readiness.ready();
    JsonObject body =
        new JsonObject()
            .put("ready", ready)
            .put(
                "reasons",
                new JsonObject(new java.util.HashMap<String, Object>(readiness.reasons())));
    if (!readiness.warnings().isEmpty()) {
      body.put(
          "warnings", new JsonObject(new java.util.HashMap<String, Object>(readiness.warnings())));
    }
    json(ctx, ready ? 200 : 503, body);
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(meters.scrape());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode() + "\n");
  }
}
