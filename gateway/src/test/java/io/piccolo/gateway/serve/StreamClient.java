package io.piccolo.gateway.serve;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real Vert.x WebSocket client on /api/v1/stream, keeping every message it receives. */
final class StreamClient implements AutoCloseable {
  private final WebSocketClient client;
  final WebSocket socket;
  final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
  final List<JsonObject> notifications = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  volatile Short closeStatus;
  volatile String closeReason;

  StreamClient(Vertx vertx, int port) throws Exception {
    this(vertx, port, new WebSocketClientOptions());
  }

  StreamClient(Vertx vertx, int port, WebSocketClientOptions options) throws Exception {
    this(vertx, port, options, null);
  }

  /**
   * @param apiKey sent as a bearer token with the handshake, when not null
   */
  StreamClient(Vertx vertx, int port, WebSocketClientOptions options, String apiKey)
      throws Exception {
    this.client = vertx.createWebSocketClient(options.setMaxFrameSize(64 << 20));
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/api/v1/stream");
    if (apiKey != null) {
      connect.addHeader("Authorization", "Bearer " + apiKey);
    }
    this.socket =
        client.connect(connect).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    socket.textMessageHandler(
        text -> {
          Object message = Json.decodeValue(text);
          if (message instanceof JsonObject o && "events.event".equals(o.getString("method"))) {
            notifications.add(o);
          } else {
            answers.add(message);
          }
        });
    socket.closeHandler(
        closed -> {
          closeStatus = socket.closeStatusCode();
          closeReason = socket.closeReason();
        });
  }

  /** Sends one text message as it is. */
  void send(String text) {
    socket.writeTextMessage(text);
  }

  /** The next answer, whatever it is. */
  Object next() throws InterruptedException {
    Object answer = answers.poll(30, TimeUnit.SECONDS);
    if (answer == null) {
      throw new AssertionError("no answer within 30 s");
    }
    return answer;
  }

  JsonObject nextObject() throws InterruptedException {
    return (JsonObject) next();
  }

  JsonArray nextArray() throws InterruptedException {
    return (JsonArray) next();
  }

  /** A request with the next id; its answer. */
  JsonObject call(String method, Object params) throws InterruptedException {
    int id = ids.incrementAndGet();
    JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("method", method).put("id", id);
    if (params != null) {
      request.put("params", params);
    }
    send(request.encode());
    JsonObject answer = nextObject();
    if (!Integer.valueOf(id).equals(answer.getValue("id"))) {
      throw new AssertionError("answer to another request: " + answer);
    }
    return answer;
  }

  /** The result of a call that must succeed. */
  JsonObject result(String method, Object params) throws InterruptedException {
    JsonObject answer = call(method, params);
    if (answer.containsKey("error")) {
      throw new AssertionError(method + " failed: " + answer);
    }
    return answer.getJsonObject("result");
  }

  @Override
  public void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
