package io.piccolo.simulator.remote;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A blocking JSON-RPC 2.0 session with a running serve over {@code /api/v1/stream}, for commands
 * that replay into it: calls wait for their answer; {@code events.event} notifications go to a
 * listener, on the socket's thread, in the order they arrive. The wire is {@link JsonRpcSocket}'s.
 */
final class StreamSession implements AutoCloseable {
  private static final long ANSWER_WAIT_SECONDS = 60;

  private final String name;
  private final Vertx vertx = Vertx.vertx();
  private final JsonRpcSocket socket;

  /** Held for as long as the session: Vert.x closes a client that is no longer reachable. */
  private final WebSocketClient client;

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
            .setConnectTimeout(10_000);
    if (apiKey != null) {
      connect.addHeader("Authorization", "Bearer " + apiKey);
    }
    try {
      socket =
          JsonRpcSocket.open(client, connect)
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
    socket.onNotification(
        message -> {
          if ("events.event".equals(message.getString("method"))) {
            events.accept(message.getJsonObject("params"));
          }
        });
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

  /**
   * Calls {@code method} and waits for its answer: the whole answer object, with its result or
   * error.
   *
   * @throws RemoteException when the connection ends or no answer comes
   */
  JsonObject call(String method, JsonObject params) throws RemoteException {
    try {
      return socket
          .call(method, params)
          .toCompletionStage()
          .toCompletableFuture()
          .get(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new RemoteException(name + ": no answer to " + method + " within 60 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(name + ": interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new RemoteException(
          cause instanceof JsonRpcSocket.Ended
              ? name + " " + cause.getMessage()
              : name + ": " + cause.getMessage());
    }
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
