package io.piccolo.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One JSON-RPC 2.0 connection to {@code /api/v1/stream}: requests answered by id, notifications
 * handed to a consumer on the connection's event loop.
 */
final class StreamRpc {
  private final WebSocket socket;
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile Consumer<JsonObject> notifications = ignored -> {};

  private StreamRpc(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(this::received);
    socket.closeHandler(
        closed -> {
          IllegalStateException gone =
              new IllegalStateException(
                  "the server closed the stream ("
                      + socket.closeStatusCode()
                      + " "
                      + socket.closeReason()
                      + ")");
          pending.values().forEach(p -> p.tryFail(gone));
          pending.clear();
        });
  }

  /** A client that may hold as many connections as the benchmark opens. */
  static WebSocketClient client(Vertx vertx, int connections) {
    return vertx.createWebSocketClient(
        new WebSocketClientOptions()
            .setMaxConnections(connections)
            .setMaxFrameSize(16 << 20)
            .setMaxMessageSize(64 << 20));
  }

  static Future<StreamRpc> connect(WebSocketClient client, int port) {
    return client
        .connect(
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/api/v1/stream"))
        .map(StreamRpc::new);
  }

  void onNotification(Consumer<JsonObject> consumer) {
    this.notifications = consumer;
  }

  /** Sends {@code method} with params already encoded as JSON; completes with the whole answer. */
  Future<JsonObject> call(String method, String paramsJson) {
    long id = ids.incrementAndGet();
    Promise<JsonObject> answer = Promise.promise();
    pending.put(id, answer);
    socket
        .writeTextMessage(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\""
                + method
                + "\",\"params\":"
                + paramsJson
                + "}")
        .onFailure(
            e -> {
              pending.remove(id);
              answer.tryFail(e);
            });
    return answer.future();
  }

  /** The result of a call that must succeed. */
  Future<JsonObject> result(String method, String paramsJson) {
    return call(method, paramsJson)
        .compose(
            answer ->
                answer.containsKey("error")
                    ? Future.failedFuture(
                        new IllegalStateException(method + " failed: " + answer.getValue("error")))
                    : Future.succeededFuture(answer.getJsonObject("result")));
  }

  Future<Void> close() {
    return socket.close();
  }

  private void received(String text) {
    JsonObject message = new JsonObject(text);
    Object id = message.getValue("id");
    if (id instanceof Number n) {
      Promise<JsonObject> answer = pending.remove(n.longValue());
      if (answer != null) {
        answer.complete(message);
      }
    } else if (message.containsKey("method")) {
      notifications.accept(message);
    }
  }
}
