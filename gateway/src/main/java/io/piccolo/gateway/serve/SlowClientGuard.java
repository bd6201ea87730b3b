package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection whose client takes longer than {@code serve.header-timeout} to send a
 * request's line and headers, counted from the connection's opening or the end of its previous
 * answer. The idle timeout alone lets a client that trickles a byte now and then (slowloris) hold a
 * connection for ever; this deadline does not reset on bytes.
 */
final class SlowClientGuard {
  static final String SLOW_CLIENTS = "piccolo.http.slow.clients";
  private static final int SWITCHING_PROTOCOLS = 101;

  private final Vertx vertx;
  private final long timeoutMillis;
  private final Counter closed;
  private final Map<HttpConnection, Long> deadlines = new ConcurrentHashMap<>();

  SlowClientGuard(Vertx vertx, Duration timeout, MeterRegistry meters) {
    this.vertx = vertx;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.closed =
        Counter.builder(SLOW_CLIENTS)
            .description("connections closed because their client did not send a request in time")
            .register(meters);
  }

  /** For {@code HttpServer.connectionHandler}: the deadline of the connection's first request. */
  void opened(HttpConnection connection) {
    arm(connection);
    connection.closeHandler(gone -> disarm(connection));
  }

  /**
   * For every request whose headers arrived: no deadline until its answer is sent. A connection
   * upgraded to a WebSocket sends no more requests, so it gets no new deadline; its frames and the
   * idle timeout are what bound it.
   */
  void headersReceived(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    disarm(connection);
    ctx.addEndHandler(
        sent -> {
          if (ctx.response().getStatusCode() != SWITCHING_PROTOCOLS) {
            arm(connection);
          }
        });
    ctx.next();
  }

  private void arm(HttpConnection connection) {
    long timer =
        vertx.setTimer(
            timeoutMillis,
            fired -> {
              if (deadlines.remove(connection, fired)) {
                closed.increment();
                connection.close();
              }
            });
    Long earlier = deadlines.put(connection, timer);
    if (earlier != null) {
      vertx.cancelTimer(earlier);
    }
  }

  private void disarm(HttpConnection connection) {
    Long timer = deadlines.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
