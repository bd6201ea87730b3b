package io.piccolo.adapters.container;

import java.time.Duration;

/**
 * How a container executor reaches its runtime and carries out restart policies.
 *
 * @param socketPath the runtime's API socket, e.g. {@code /run/podman/podman.sock}
 * @param callTimeout how long one call may take (a stop gets the grace period on top)
 * @param restartBackoff the wait before each restart of a Model's container
 */
public record RuntimeOptions(
    String socketPath, Duration callTimeout, RestartBackoff restartBackoff) {
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  public RuntimeOptions {
    if (socketPath == null || socketPath.isBlank()) {
      throw new IllegalArgumentException("a container runtime needs the path of its API socket");
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("the call timeout must be positive, got " + callTimeout);
    }
  }

  /** The defaults: 30 s per call, Pullpiri's restart backoff. */
  public static RuntimeOptions of(String socketPath) {
    return new RuntimeOptions(socketPath, DEFAULT_CALL_TIMEOUT, RestartBackoff.PULLPIRI);
  }

  public RuntimeOptions withRestartBackoff(RestartBackoff backoff) {
    return new RuntimeOptions(socketPath, callTimeout, backoff);
  }

  public RuntimeOptions withCallTimeout(Duration timeout) {
    return new RuntimeOptions(socketPath, timeout, restartBackoff);
  }
}
