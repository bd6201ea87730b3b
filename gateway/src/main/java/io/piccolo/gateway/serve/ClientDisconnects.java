package io.piccolo.gateway.serve;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;

/**
 * A client that goes away mid-request (closes its connection, resets it) is not the server's fault:
 * it is counted ({@code piccolo.http.disconnects}) and logged at most as one line, never as a stack
 * trace.
 */
final class ClientDisconnects {
  private static final System.Logger LOG = System.getLogger(ClientDisconnects.class.getName());

  private ClientDisconnects() {}

  /** Whether the failure is the connection going away. */
  static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpClosedException
          || t instanceof IOException
          || (t instanceof VertxException && String.valueOf(t.getMessage()).contains("closed"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * For the server's exception handler: connection-level failures no request handler saw, a client
   * gone or bytes that are not HTTP (already answered by {@link BadRequests}); one debug line.
   */
  static void unhandled(Throwable failure) {
    LOG.log(System.Logger.Level.DEBUG, "an HTTP connection failed: " + failure);
  }
}
