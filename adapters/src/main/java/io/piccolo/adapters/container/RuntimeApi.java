package io.piccolo.adapters.container;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/**
 * One runtime's API on its socket: paths under its version prefix (e.g. {@code /v4.0.0/libpod}),
 * refusals told in its name ("podman could not start pod camera: ...").
 */
public final class RuntimeApi {
  private final UnixSocketApi socket;
  private final String prefix;
  private final String runtime;

  public RuntimeApi(UnixSocketApi socket, String prefix, String runtime) {
    this.socket = socket;
    this.prefix = prefix;
    this.runtime = runtime;
  }

  /** One call, its answer as it is ({@link UnixSocketApi#call}). */
  public Future<ApiResponse> call(HttpMethod method, String path, JsonObject body, Duration limit) {
    return socket.call(method, prefix + path, body, limit);
  }

  /** A call that brings the runtime to a state ({@link UnixSocketApi#idempotent}). */
  public Future<Void> idempotent(
      HttpMethod method,
      String path,
      JsonObject body,
      Duration limit,
      Set<Integer> alreadyThere,
      String what) {
    return socket.idempotent(
        method, prefix + path, body, limit, alreadyThere, runtime + " could not " + what);
  }

  /** The answer when it is a 2xx one; otherwise a refusal saying what could not be done. */
  public Future<ApiResponse> ok(ApiResponse response, String what) {
    return UnixSocketApi.accepted(response, runtime + " could not " + what);
  }
}
