package io.piccolo.gateway.security;

import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request: the name and role of its API key, or {@link #LOCAL} when the server has no
 * keys (it then listens on loopback only, and whoever reaches it is trusted as an admin).
 */
public record Caller(String name, Role role) {
  /** The caller of a server without keys. */
  public static final Caller LOCAL = new Caller("local", Role.ADMIN);

  /** Where the access guard leaves the caller for the handlers after it. */
  static final String CONTEXT_KEY = "piccolo.caller";

  public boolean may(Role needed) {
    return role.includes(needed);
  }

  /**
   * The caller the access guard let through.
   *
   * @throws IllegalStateException on a route that needs no role (health), where no caller is known
   */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(CONTEXT_KEY);
    if (caller == null) {
      throw new IllegalStateException(
          ctx.request().path() + " needs no role, so it has no caller; give it a row in Access");
    }
    return caller;
  }

  /** Hands the caller to the handlers after the guard. */
  public void attachTo(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }
}
