package io.piccolo.gateway.serve;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Errors as {@code application/problem+json} (RFC 9457): what went wrong, where, what to do. */
final class HttpProblem {
  static final String TYPE = "application/problem+json";

  private HttpProblem() {}

  static void send(RoutingContext ctx, int status, String title, String detail) {
    send(ctx, status, title, detail, null);
  }

  static void send(RoutingContext ctx, int status, String title, String detail, JsonObject more) {
    JsonObject body =
        new JsonObject().put("status", status).put("title", title).put("detail", detail);
    if (more != null) {
      body.mergeIn(more);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", TYPE).end(body.encode() + "\n");
  }
}
