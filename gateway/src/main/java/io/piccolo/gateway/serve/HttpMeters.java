package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * Counts every HTTP answer by route pattern, method and status, whatever handler sent it (a route,
 * the body limit's 413, a parse failure, the 404 and 405 fallbacks, an unreadable request); a path
 * no endpoint serves is {@code route="unmatched"}. Each endpoint's usual answers are registered at
 * zero before any traffic, so dashboards show 0 rather than nothing.
 */
final class HttpMeters {
  static final String HTTP_REQUESTS = "piccolo.http.requests";
  static final String DISCONNECTS = "piccolo.http.disconnects";

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final MeterRegistry meters;
  private final Counter disconnects;
  private volatile Endpoints endpoints = new Endpoints();

  HttpMeters(MeterRegistry meters) {
    this.meters = meters;
    this.disconnects =
        Counter.builder(DISCONNECTS)
            .description("connections a client closed or broke before its answer was sent")
            .register(meters);
  }

  /** Takes the router's endpoints once every route is added, and registers their answers. */
  void register(Endpoints served) {
    this.endpoints = served;
    for (Map.Entry<String, Set<String>> e : served.all().entrySet()) {
      for (String method : e.getValue()) {
        counter(e.getKey(), method, usualStatus(e.getKey(), method));
        counter(e.getKey(), method, 400);
      }
    }
    counter(Endpoints.UNMATCHED, "GET", 404);
  }

  private static int usualStatus(String route, String method) {
    if (route.equals("/api/v1/signals")) {
      return 202;
    }
    if (route.equals("/api/v1/:kinds") && method.equals("POST")) {
      return 201;
    }
    return method.equals("DELETE") && route.endsWith(":name") ? 204 : 200;
  }

  /** A router handler: counts the answer once it is sent, then passes the request on. */
  void countWhenAnswered(RoutingContext ctx) {
    ctx.addEndHandler(
        done -> {
          if (done.succeeded()) {
            count(ctx.request());
          } else {
            disconnects.increment(); // the connection closed before the answer was sent
          }
        });
    ctx.next();
  }

  /** Counts an answer sent outside the router (a request Vert.x could not read). */
  void count(HttpServerRequest request) {
    counter(endpoints.route(request.path()), method(request), request.response().getStatusCode())
        .increment();
  }

  /** A method no endpoint knows is {@code other}: a client must not mint label values. */
  private static String method(HttpServerRequest request) {
    String name = request.method() == null ? "" : request.method().name();
    return KNOWN_METHODS.contains(name) ? name : "other";
  }

  private Counter counter(String route, String method, int status) {
    return Counter.builder(HTTP_REQUESTS)
        .description("HTTP requests answered")
        .tags("route", route, "method", method, "status", Integer.toString(status))
        .register(meters);
  }
}
