package io.piccolo.simulator.remote;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One JSON-RPC 2.0 connection to serve's {@code /api/v1/stream}, the one client every caller of the
 * stream uses: requests are answered by id, notifications go to a consumer on the socket's event
 * loop in the order they arrive. When the connection ends, every call still waiting fails with
 * {@link Ended}, which says why.
 */
public final class JsonRpcSocket {
  /** The connection ended (closed, failed, or garbled by the server) before an answer came. */
  public static final class Ended extends RuntimeException {
    Ended(String why) {
      super(why, null, false, false);
    }
  }

  /** The server answered with a JSON-RPC error. */
  public static final class Refused extends RuntimeException {
    private final transient JsonObject error;

    Refused(String method, JsonObject error) {
      super("refused " + method + ": " + error.encode(), null, false, false);
      this.error = error;
    }

    public JsonObject error() {
      return error;
    }
  }

  private final WebSocket socket;
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile Consumer<JsonObject> notifications = ignored -> {};
  private volatile String endedWhy;

  private JsonRpcSocket(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(this::received);
    socket.closeHandler(closed -> end("closed the connection" + closeStatus()));
    socket.exceptionHandler(e -> end("connection failed: " + e.getMessage()));
  }

  /** Connects to {@code /api/v1/stream} as {@code options} say (host, port, TLS, headers). */
  public static Future<JsonRpcSocket> open(
      WebSocketClient client, WebSocketConnectOptions options) {
    return client.connect(options.setURI("/api/v1/stream")).map(JsonRpcSocket::new);
  }

  /** Where notifications (messages with a method and no id) go; the whole message is given. */
  public void onNotification(Consumer<JsonObject> consumer) {
    this.notifications = consumer;
  }

  /** Sends {@code method} with {@code params}; completes with the whole answer, result or error. */
  public Future<JsonObject> call(String method, JsonObject params) {
    return call(method, params.encode());
  }

  /**
   * As {@link #call(String, JsonObject)}, with the params already encoded as a JSON object, so a
   * load generator can build its batches as text.
   */
  public Future<JsonObject> call(String method, String paramsJson) {
    long id = ids.incrementAndGet();
    Promise<JsonObject> answer = Promise.promise();
    pending.put(id, answer);
    String why = endedWhy;
    if (why != null) {
      pending.remove(id);
      return Future.failedFuture(new Ended(why));
    }
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

  /** The result of a call that must succeed; a JSON-RPC error fails it with {@link Refused}. */
  public Future<JsonObject> result(String method, JsonObject params) {
    return result(method, params.encode());
  }

  /** As {@link #result(String, JsonObject)}, with the params already encoded. */
  public Future<JsonObject> result(String method, String paramsJson) {
    return call(method, paramsJson)
        .compose(
            answer -> {
              JsonObject error = answer.getJsonObject("error");
              return error != null
                  ? Future.failedFuture(new Refused(method, error))
                  : Future.succeededFuture(answer.getJsonObject("result"));
            });
  }

  /** Why the connection ended, or null while it is open. */
  public String endedWhy() {
    return endedWhy;
  }

  /** Ends the connection from this side; calls still waiting fail with {@link Ended}. */
  public Future<Void> close() {
    end("was closed by this client");
    return socket.close();
  }

  private void received(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException notAnObject) {
      end("sent a message that is not a JSON-RPC object: " + shorten(text));
      return;
    }
    Object id = message.getValue("id");
    Promise<JsonObject> waiting = id instanceof Number n ? pending.remove(n.longValue()) : null;
    if (waiting != null) {
      waiting.complete(message);
    } else if (message.containsKey("method")) {
      notifications.accept(message);
    } else if (message.containsKey("error")) {
      // an error for no call of ours (the server could not read a message's id): nothing to wait
      // for
      end("refused a message: " + message.getJsonObject("error").encode());
    }
  }

  private void end(String why) {
    if (endedWhy == null) {
      endedWhy = why;
    }
    Ended ended = new Ended(endedWhy);
    for (Long id : pending.keySet()) {
      Promise<JsonObject> waiting = pending.remove(id);
      if (waiting != null) {
        waiting.tryFail(ended);
      }
    }
  }

  private String closeStatus() {
    Short status = socket.closeStatusCode();
    if (status == null) {
      return "";
    }
    String reason = socket.closeReason();
    return " (status " + status + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")";
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
