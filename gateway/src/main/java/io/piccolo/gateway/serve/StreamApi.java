package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.gateway.security.Caller;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /api/v1/stream}: a WebSocket speaking JSON-RPC 2.0 ({@code signal.publish}, {@code
 * events.subscribe}, {@code events.unsubscribe}, {@code rules.status}; docs/api.md). Frames and
 * messages over their limits close the socket with 1009, counted.
 */
final class StreamApi {
  static final String CONNECTIONS = "piccolo.stream.connections";
  static final String REFUSED = "piccolo.stream.refused";
  static final String PAUSED = "piccolo.stream.paused";
  private static final List<String> REFUSALS = List.of("frame", "message", "binary");

  private final EventHub hub;
  private final RpcDispatcher dispatcher;
  private final int frameLimit;
  private final int messageLimit;
  private final int writeQueueLimit;
  private final java.time.Duration keepAlive;
  private final MeterRegistry meters;
  private final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();
  private final Counter paused;

  StreamApi(
      EventHub hub,
      SignalQueue signals,
      SampleReader samples,
      ServeStatus status,
      MethodGuard guard,
      int frameLimit,
      int messageLimit,
      int writeQueueLimit,
      java.time.Duration keepAlive,
      MeterRegistry meters) {
    this.hub = hub;
    this.frameLimit = frameLimit;
    this.messageLimit = messageLimit;
    this.writeQueueLimit = writeQueueLimit;
    this.keepAlive = keepAlive;
    this.meters = meters;
    this.dispatcher =
        new RpcDispatcher(guard, meters)
            .publish(new PublishMethod(signals, samples), new PublishReader(samples))
            .method("events.subscribe", SubscribeMethods.subscribe())
            .method("events.unsubscribe", SubscribeMethods.unsubscribe())
            .method("rules.status", status.method(hub));
    Gauge.builder(CONNECTIONS, connections, Set::size)
        .description("WebSocket connections open on /api/v1/stream")
        .register(meters);
    REFUSALS.forEach(reason -> refusals(reason).increment(0));
    this.paused =
        Counter.builder(PAUSED)
            .description("times a stream connection's reads were paused until its writes drained")
            .register(meters);
  }

  /** The frame limit is the WebSocket decoder's; messages are joined and limited here. */
  void configure(HttpServerOptions options) {
    options
        .setMaxWebSocketFrameSize(frameLimit)
        .setMaxWebSocketMessageSize(Math.max(frameLimit, messageLimit));
  }

  void routes(Router router) {
    router
        .get("/api/v1/stream")
        .handler(
            ctx -> {
              if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
                HttpProblem.send(
                    ctx,
                    400,
                    "not a WebSocket handshake",
                    "/api/v1/stream speaks JSON-RPC 2.0 over a WebSocket (ws://HOST:PORT"
                        + "/api/v1/stream); docs/api.md describes its methods");
                return;
              }
              Caller caller = Caller.of(ctx);
              ctx.request()
                  .toWebSocket()
                  .onSuccess(socket -> connections.add(new StreamConnection(socket, caller, this)))
                  .onFailure(
                      e ->
                          HttpProblem.send(
                              ctx,
                              400,
                              "not a WebSocket handshake",
                              "/api/v1/stream speaks JSON-RPC 2.0 over a WebSocket: "
                                  + e.getMessage()));
            });
  }

  /** Closes every connection, when the server stops. */
  void closeAll() {
    List.copyOf(connections).forEach(StreamConnection::close);
  }

  EventHub hub() {
    return hub;
  }

  RpcDispatcher dispatcher() {
    return dispatcher;
  }

  int frameLimit() {
    return frameLimit;
  }

  int messageLimit() {
    return messageLimit;
  }

  int writeQueueLimit() {
    return writeQueueLimit;
  }

  /** How often a connection pings its client, so a quiet subscriber outlives the idle timeout. */
  java.time.Duration keepAlive() {
    return keepAlive;
  }

  void refused(String reason) {
    refusals(reason).increment();
  }

  void paused() {
    paused.increment();
  }

  void closed(StreamConnection connection) {
    connections.remove(connection);
  }

  private Counter refusals(String reason) {
    return Counter.builder(REFUSED)
        .description("stream connections closed for a frame or message too large, or binary")
        .tag("reason", reason)
        .register(meters);
  }
}
