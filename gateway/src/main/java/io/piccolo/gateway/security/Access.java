package io.piccolo.gateway.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which role each endpoint and each WebSocket JSON-RPC method needs. One table, read top to bottom,
 * first match wins: a new route is covered by adding a row. A request no row matches needs {@code
 * viewer} to read and {@code admin} to change anything, so a route added without a row is never
 * open.
 */
public final class Access {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /**
   * One row: methods, a path pattern ({@code *} one segment, {@code **} any number of them, none
   * included) and the role needed, or null for none.
   */
  record Row(Set<String> methods, String pattern, Role role) {
    boolean matches(String method, String path) {
      return methods.contains(method) && PathPattern.matches(pattern, path);
    }
  }

  private static final List<Row> HTTP =
      List.of(
          new Row(READS, "/health/**", null),
          new Row(Set.of("POST"), "/api/v1/signals", Role.OPERATOR),
          new Row(READS, "/api/v1/events", Role.VIEWER),
          new Row(READS, "/api/v1/stream", Role.VIEWER), // the WebSocket; methods checked per call
          new Row(READS, "/api/v1/rules/**", Role.VIEWER),
          new Row(WRITES, "/api/v1/rules/**", Role.RULE_AUTHOR),
          new Row(Set.of("POST", "DELETE"), "/api/artifact", Role.OPERATOR),
          new Row(READS, "/api/v1/*/**", Role.VIEWER),
          new Row(WRITES, "/api/v1/*/**", Role.OPERATOR));

  /** WebSocket JSON-RPC methods; a trailing {@code .*} covers a family. */
  private static final List<RpcRow> RPC =
      List.of(
          new RpcRow("signal.publish", Role.OPERATOR),
          new RpcRow("events.*", Role.VIEWER),
          new RpcRow("rules.status", Role.VIEWER));

  record RpcRow(String method, Role role) {
    boolean matches(String called) {
      return method.endsWith(".*")
          ? called.startsWith(method.substring(0, method.length() - 1))
          : method.equals(called);
    }
  }

  private final boolean openMetrics;

  /**
   * @param openMetrics whether {@code GET /metrics} needs no key (setting serve.metrics-access)
   */
  public Access(boolean openMetrics) {
    this.openMetrics = openMetrics;
  }

  /** The role a request needs, or empty when it needs none. */
  public Optional<Role> required(String method, String path) {
    if (path.equals("/metrics") && READS.contains(method)) {
      return openMetrics ? Optional.empty() : Optional.of(Role.VIEWER);
    }
    for (Row row : HTTP) {
      if (row.matches(method, path)) {
        return Optional.ofNullable(row.role());
      }
    }
    return Optional.of(READS.contains(method) ? Role.VIEWER : Role.ADMIN);
  }

  /** Whether a method only reads (GET, HEAD, OPTIONS). */
  public static boolean isRead(String method) {
    return READS.contains(method);
  }

  /** The role a WebSocket JSON-RPC method needs; a method no row names needs {@code admin}. */
  public static Role requiredForCall(String method) {
    return RPC.stream()
        .filter(r -> r.matches(method))
        .map(RpcRow::role)
        .findFirst()
        .orElse(Role.ADMIN);
  }

  /**
   * Why {@code caller} may not call a JSON-RPC method, as a message for the error answer, or empty
   * when it may.
   */
  public static Optional<String> refusal(Caller caller, String method) {
    Role needed = requiredForCall(method);
    if (caller.may(needed)) {
      return Optional.empty();
    }
    return Optional.of(
        method
            + " needs role "
            + needed
            + " (or admin); key '"
            + caller.name()
            + "' has role "
            + caller.role());
  }
}
