package io.piccolo.gateway.serve;

import io.piccolo.gateway.security.Caller;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket on {@code /api/v1/stream}: reads text messages (frames joined up to the message
 * limit), answers them in order of their answers, and carries this connection's event
 * subscriptions. While its outgoing write queue is full, it reads nothing more, until it drains.
 */
final class StreamConnection {
  /** WebSocket close codes (RFC 6455). */
  static final short TOO_BIG = 1009;

  static final short UNSUPPORTED = 1003;

  private final ServerWebSocket socket;
  private final Caller caller;
  private final Context context;
  private final StreamApi api;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong nextSubscription = new AtomicLong(1);
  private Buffer message;
  private boolean paused;
  private volatile boolean closed;
  private final long keepAlive;

  /** One {@code events.subscribe}: a hub sink that writes notifications to this socket. */
  record Subscription(String id, EventFilter filter, StreamConnection connection)
      implements EventHub.Sink {
    @Override
    public boolean offer(HubEvent event) {
      return connection.notify(id, event);
    }
  }

  StreamConnection(ServerWebSocket socket, Caller caller, StreamApi api) {
    this.socket = socket;
    this.caller = caller;
    this.api = api;
    this.context = Vertx.currentContext();
    socket.setWriteQueueMaxSize(api.writeQueueLimit());
    socket.frameHandler(this::frame);
    socket.exceptionHandler(this::failed);
    socket.closeHandler(ignored -> closed());
    long every = Math.max(1, api.keepAlive().toMillis());
    this.keepAlive = context.owner().setPeriodic(every, tick -> socket.writePing(Buffer.buffer()));
  }

  /** Who opened the connection, as the access guard let the handshake in. */
  Caller caller() {
    return caller;
  }

  private void frame(WebSocketFrame frame) {
    if (closed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return; // ping, pong and close are the socket's own business
    }
    if (frame.isBinary()) {
      refuse("binary", UNSUPPORTED, "send JSON-RPC as text messages");
      return;
    }
    if (frame.isText() && frame.isFinal()) {
      message = null; // a whole message in one frame: read as it came, without joining
      Buffer whole = frame.binaryData();
      if (tooBig(whole)) {
        return;
      }
      api.dispatcher().handle(whole, this).onComplete(this::answered);
      return;
    }
    if (frame.isText()) {
      message = Buffer.buffer();
    } else if (message == null) {
      return; // a continuation of a message already refused
    }
    message.appendBuffer(frame.binaryData());
    if (tooBig(message)) {
      message = null;
      return;
    }
    if (frame.isFinal()) {
      String text = message.toString(java.nio.charset.StandardCharsets.UTF_8);
      message = null;
      handle(text);
    }
  }

  private boolean tooBig(Buffer joined) {
    if (joined.length() <= api.messageLimit()) {
      return false;
    }
    refuse(
        "message",
        TOO_BIG,
        "message larger than serve.message-limit (" + api.messageLimit() + " bytes)");
    return true;
  }

  private void handle(String text) {
    api.dispatcher().handle(text, this).onComplete(this::answered);
  }

  private void answered(AsyncResult<String> answer) {
    if (answer.succeeded() && answer.result() != null) {
      send(answer.result());
    }
  }

  /** A frame over the limit, as the WebSocket decoder reports it. */
  private void failed(Throwable failure) {
    if (failure
        instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException bad) {
      refuse(
          "frame", TOO_BIG, "frame larger than serve.frame-limit (" + api.frameLimit() + " bytes)");
    }
  }

  private void refuse(String reason, short status, String why) {
    api.refused(reason);
    closed = true;
    socket.close(status, why);
  }

  /** An answer; a full write queue pauses reading until it drains. */
  void send(String text) {
    if (closed) {
      return;
    }
    socket.writeTextMessage(text);
    pauseWhileFull();
  }

  private void pauseWhileFull() {
    if (Vertx.currentContext() != context) {
      context.runOnContext(ignored -> pauseWhileFull());
      return;
    }
    if (!paused && !closed && socket.writeQueueFull()) {
      paused = true;
      api.paused();
      socket.pause();
      socket.drainHandler(
          drained -> {
            paused = false;
            socket.resume();
          });
    }
  }

  /** From the hub's context: false, so the event is counted as dropped, when the queue is full. */
  private boolean notify(String id, HubEvent event) {
    if (closed) {
      return false;
    }
    try {
      if (socket.writeQueueFull()) {
        pauseWhileFull();
        return false;
      }
    } catch (IllegalStateException closing) {
      return false; // closed while the event was on its way: dropped like any other
    }
    socket.writeTextMessage(
        "{\"jsonrpc\":\"2.0\",\"method\":\"events.event\",\"params\":{\"subscription\":\""
            + id
            + "\",\"kind\":\""
            + event.kind().label()
            + "\",\"event\":"
            + event.json()
            + "}}");
    pauseWhileFull();
    return true;
  }

  String subscribe(EventFilter filter) {
    String id = Long.toString(nextSubscription.getAndIncrement());
    Subscription subscription = new Subscription(id, filter, this);
    subscriptions.put(id, subscription);
    api.hub().add(subscription);
    return id;
  }

  boolean unsubscribe(String id) {
    Subscription subscription = subscriptions.remove(id);
    if (subscription == null) {
      return false;
    }
    api.hub().remove(subscription);
    return true;
  }

  private void closed() {
    closed = true;
    context.owner().cancelTimer(keepAlive);
    subscriptions.values().forEach(api.hub()::remove);
    subscriptions.clear();
    api.closed(this);
  }

  void close() {
    socket.close();
  }
}
