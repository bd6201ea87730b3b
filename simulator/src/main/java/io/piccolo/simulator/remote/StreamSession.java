package io.piccolo.simulator.remote;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A JSON-RPC 2.0 session with a running serve over {@code /api/v1/stream}: calls wait for their
 * answer; {@code events.event} notifications go to a listener, on the socket's thread, in the order
 * they arrive.
 */
final class StreamSession implements AutoCloseable {
  private static final long ANSWER_WAIT_SECONDS = 60;

  private final String name;
  private final Vertx vertx = Vertx.vertx();
  private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final WebSocket socket;

  /** Held for as long as the session: Vert.x closes a client that is no longer reachable. */
  private final WebSocketClient client;

  private volatile String closedWhy;

  /**
   * @param name how messages name the server, e.g. the URL the user gave
   * @param apiKey sent as a bearer token when not null
   */
  StreamSession(URI server, String name, String apiKey, Consumer<JsonObject> events)
      throws RemoteException {
    this.name = name;
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(64 << 20));
    int port =
        server.getPort() > 0 ? server.getPort() : "https".equals(server.getScheme()) ? 443 : 80;
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(server.getHost())
            .setPort(port)
            .setSsl("https".equals(server.getScheme()))
            .setURI("/api/v1/stream")
            .setConnectTimeout(10_000);
    if (apiKey != null) {
      connect.addHeader("Authorization", "Bearer " + apiKey);
    }
    try {
      socket =
          client
              .connect(connect)
              .toCompletionStage()
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      vertx.close();
      throw new RemoteException(name + ": " + why(e.getCause()));
    } catch (TimeoutException e) {
      vertx.close();
      throw new RemoteException(name + ": no answer within 20 s; is piccolo serve running there?");
    } catch (InterruptedException e) {
      vertx.close();
      Thread.currentThread().interrupt();
      throw new RemoteException(name + ": interrupted while connecting");
    }
    socket.textMessageHandler(
        text -> {
          JsonObject message;
          try {
            message = new JsonObject(text);
          } catch (RuntimeException notAnObject) {
            fail("sent a message that is not a JSON-RPC object: " + shorten(text));
            return;
          }
          if ("events.event".equals(message.getString("method"))) {
            events.accept(message.getJsonObject("params"));
            return;
          }
          Object id = message.getValue("id");
          CompletableFuture<JsonObject> waiting =
              id instanceof Number n ? pending.remove(n.longValue()) : null;
          if (waiting != null) {
            waiting.complete(message);
          } else if (message.containsKey("error")) {
            fail("refused a message: " + message.getJsonObject("error").encode());
          }
        });
    socket.closeHandler(
        closed ->
            fail(
                "closed the connection"
                    + (socket.closeStatusCode() == null
                        ? ""
                        : " (status " + socket.closeStatusCode() + reason() + ")")));
    socket.exceptionHandler(e -> fail("connection failed: " + e.getMessage()));
  }

  private String reason() {
    String reason = socket.closeReason();
    return reason == null || reason.isEmpty() ? "" : ": " + reason;
  }

  private static String why(Throwable cause) {
    if (cause instanceof ConnectException) {
      return "connection refused; is piccolo serve running there?";
    }
    if (cause instanceof UpgradeRejectedException rejected) {
      int status = rejected.getStatus();
      if (status == 401 || status == 403) {
        return "answered "
            + status
            + " to a WebSocket on /api/v1/stream: it needs an API key with role operator (set"
            + " PICCOLO_API_KEY)";
      }
      return "answered " + status + " to a WebSocket on /api/v1/stream; is it piccolo serve?";
    }
    return String.valueOf(cause.getMessage()) + "; is piccolo serve running there?";
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private void fail(String why) {
    if (closedWhy == null) {
      closedWhy = why;
    }
    for (Long id : pending.keySet()) {
      CompletableFuture<JsonObject> waiting = pending.remove(id);
      if (waiting != null) {
        waiting.complete(null);
      }
    }
  }

  /** Why the session ended, or null while it is open. */
  String closedWhy() {
    return closedWhy;
  }

  /**
   * Calls {@code method} and waits for its answer: the whole answer object, with its result or
   * error.
   *
   * @throws RemoteException when the connection ends or no answer comes
   */
  JsonObject call(String method, JsonObject params) throws RemoteException {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    if (closedWhy != null) {
      pending.remove(id);
      throw new RemoteException(name + " " + closedWhy);
    }
    socket.writeTextMessage(
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("method", method)
            .put("params", params)
            .put("id", id)
            .encode());
    JsonObject result;
    try {
      result = answer.get(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new RemoteException(name + ": no answer to " + method + " within 60 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(name + ": interrupted");
    } catch (ExecutionException e) {
      throw new RemoteException(name + ": " + e.getCause().getMessage());
    }
    if (result == null) {
      throw new RemoteException(name + " " + closedWhy);
    }
    return result;
  }

  /** The result of a call that must succeed. */
  JsonObject result(String method, JsonObject params) throws RemoteException {
    JsonObject answer = call(method, params);
    JsonObject error = answer.getJsonObject("error");
    if (error != null) {
      throw new RemoteException(name + " refused " + method + ": " + error.encode());
    }
    return answer.getJsonObject("result");
  }

  static JsonObject samples(JsonArray samples) {
    return new JsonObject().put("samples", samples);
  }

  @Override
  public void close() {
    if (closedWhy == null) {
      closedWhy = "was closed by this client";
    }
    try {
      socket.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // already closed by the server, or going: nothing left to release but Vert.x
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the process ends anyway
    }
  }
}
