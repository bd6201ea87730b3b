package io.piccolo.gateway.serve;

import io.piccolo.gateway.security.Access;
import io.piccolo.gateway.security.ApiKey;
import io.piccolo.gateway.security.ApiKeys;
import io.piccolo.gateway.security.Audit;
import io.piccolo.gateway.security.Caller;
import io.piccolo.gateway.security.RateLimits;
import io.piccolo.gateway.security.Role;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The one place requests are let in: before any body is read, each request's role comes from the
 * {@link Access} table, its key from the {@code Authorization: Bearer} header, and its key's rate
 * limit is taken. Refusals are 401 (no key, or one the server does not know), 403 (a key whose role
 * is too low) and 429 (too many requests), as problems naming the role needed. The caller goes on
 * to the handlers in the routing context ({@link Caller#of}). Without keys every request is let in
 * as {@link Caller#LOCAL}: the server then listens on loopback only.
 */
final class AccessGuard implements Handler<RoutingContext> {
  private static final String BEARER = "Bearer ";

  private final Access access;
  private final ApiKeys keys;
  private final RateLimits limits;
  private final Audit audit;

  AccessGuard(Access access, ApiKeys keys, RateLimits limits, Audit audit) {
    this.access = access;
    this.keys = keys;
    this.limits = limits;
    this.audit = audit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (keys.isEmpty()) {
      Caller.LOCAL.attachTo(ctx);
      ctx.next();
      return;
    }
    String method = ctx.request().method().name();
    String path = ctx.normalizedPath();
    Optional<Role> needed = access.required(method, path);
    if (needed.isEmpty()) {
      ctx.next();
      return;
    }
    Role role = needed.get();
    String request = method + " " + path;
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      unauthorized(
          ctx,
          role,
          "API key needed",
          request
              + " needs an API key with role "
              + role
              + ": send it as Authorization: Bearer KEY (piccolo keys add makes one)",
          null);
      return;
    }
    Optional<ApiKey> key = keys.authenticate(header.substring(BEARER.length()).trim());
    if (key.isEmpty()) {
      unauthorized(
          ctx,
          role,
          "unknown API key",
          "the key sent is not one of this server's; "
              + request
              + " needs a key with role "
              + role
              + " (piccolo keys list names them)",
          "invalid_token");
      return;
    }
    Caller caller = key.get().caller();
    long wait = limits.acquire(caller.name());
    if (wait > 0) {
      long seconds = RateLimits.retryAfterSeconds(wait);
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      HttpProblem.send(
          ctx,
          429,
          "too many requests",
          "key '"
              + caller.name()
              + "' sent more requests than its rate limit (serve.rate-limit, or the key's own"
              + " rate and burst); send again in "
              + seconds
              + " s",
          new JsonObject().put("key", caller.name()));
      return;
    }
    if (!caller.may(role)) {
      if (!Access.isRead(method)) {
        audit.record(caller, "access.refused", request, "403: needs role " + role);
      }
      HttpProblem.send(
          ctx,
          403,
          "role too low",
          request
              + " needs role "
              + role
              + " (or admin); key '"
              + caller.name()
              + "' has role "
              + caller.role(),
          new JsonObject().put("required", role.id()).put("role", caller.role().id()));
      return;
    }
    caller.attachTo(ctx);
    ctx.next();
  }

  private static void unauthorized(
      RoutingContext ctx, Role role, String title, String detail, String error) {
    ctx.response()
        .putHeader(
            "WWW-Authenticate",
            "Bearer realm=\"piccolo\"" + (error == null ? "" : ", error=\"" + error + "\""));
    HttpProblem.send(ctx, 401, title, detail, new JsonObject().put("required", role.id()));
  }
}
