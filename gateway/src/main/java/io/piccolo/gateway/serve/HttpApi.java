package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.gateway.security.TlsFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The HTTP server of {@code piccolo serve}: health, metrics, live signals and artifacts. */
final class HttpApi implements Part {
  static final String HTTP_REQUESTS = "piccolo.http.requests";

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final long bodyLimit;
  private final TlsFiles tls;
  private final AccessGuard guard;
  private final Readiness readiness;
  private final PrometheusMeterRegistry meters;
  private final SignalIntake signals;
  private final PullpiriArtifacts artifacts;
  private final EventStream events;
  private final ResourceApi resources;
  private HttpServer server;

  HttpApi(
      Vertx vertx,
      String host,
      int port,
      long bodyLimit,
      TlsFiles tls,
      AccessGuard guard,
      Readiness readiness,
      PrometheusMeterRegistry meters,
      LiveEvaluator evaluator,
      PullpiriArtifacts artifacts,
      EventStream events,
      ResourceApi resources) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.bodyLimit = bodyLimit;
    this.tls = tls;
    this.guard = guard;
    this.readiness = readiness;
    this.meters = meters;
    this.signals = new SignalIntake(evaluator, meters);
    this.artifacts = artifacts;
    this.events = events;
    this.resources = resources;
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
    router.route().handler(ctx -> countWhenAnswered(ctx, meters));
    router.route().handler(guard); // before any body is read
    // bodies are YAML or JSON whatever their declared type (curl -d says form-urlencoded)
    router.route().handler(HttpApi::bodyAsIs);
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("live", true)));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    router.post("/api/v1/signals").handler(signals::handle);
    router.post("/api/artifact").handler(artifacts::apply);
    router.delete("/api/artifact").handler(artifacts::delete);
    router.get("/api/v1/events").handler(events::subscribe);
    resources.routes(router);
    router
        .route()
        .last()
        .handler(
            ctx ->
                HttpProblem.send(
                    ctx,
                    404,
                    "no such endpoint",
                    ctx.request().method()
                        + " "
                        + ctx.request().path()
                        + " is not served; docs/api.md lists the endpoints"));
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
    router.errorHandler(
        500,
        ctx -> HttpProblem.send(ctx, 500, "the request failed", String.valueOf(ctx.failure())));
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls.options());
    }
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen().mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    events.closeAll();
    return server.close();
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
    json(
        ctx,
        ready ? 200 : 503,
        new JsonObject()
            .put("ready", ready)
            .put(
                "reasons",
                new JsonObject(new java.util.HashMap<String, Object>(readiness.reasons()))));
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

  /** Counts every answer by route, method and status, once the answer is sent. */
  private static void countWhenAnswered(RoutingContext ctx, MeterRegistry meters) {
    ctx.addEndHandler(
        done -> {
          Route route = ctx.currentRoute();
          String path = route == null || route.getPath() == null ? "other" : route.getPath();
          Counter.builder(HTTP_REQUESTS)
              .description("HTTP requests answered")
              .tags(
                  "route",
                  path,
                  "method",
                  ctx.request().method().name(),
                  "status",
                  Integer.toString(ctx.response().getStatusCode()))
              .register(meters)
              .increment();
        });
    ctx.next();
  }
}
