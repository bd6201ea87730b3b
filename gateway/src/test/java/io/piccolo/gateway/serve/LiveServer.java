package io.piccolo.gateway.serve;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.settings.Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real server on a free loopback port with DRL rules, and a real HTTP client to talk to it. */
final class LiveServer implements AutoCloseable {
  final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  final StringWriter log = new StringWriter();
  final PiccoloServer server;
  private final Loopback loopback;
  private boolean stopped;

  LiveServer(String drl, StateStore store, Settings settings) throws Exception {
    this(drl, store, settings, server -> server);
  }

  /**
   * @param beforeStart what to set on the server before it starts
   */
  LiveServer(
      String drl,
      StateStore store,
      Settings settings,
      java.util.function.UnaryOperator<PiccoloServer> beforeStart)
      throws Exception {
    server =
        beforeStart.apply(
            new PiccoloServer(
                new RuleBaseBuilder().addDrl(new RuleSource("live.drl", drl)).build(),
                store,
                settings.with(Settings.SERVE_PORT, 0, "test"),
                decided::addAll,
                new PrintWriter(log, true)));
    loopback = new Loopback(server::port);
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  URI uri(String path) {
    return loopback.uri(path);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, "");
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return loopback.send(method, path, body);
  }

  /** The value of one line of /metrics ({@code name{labels}}), NaN when it is not there. */
  double metric(String line) throws Exception {
    for (String l : get("/metrics").body().split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return Double.NaN;
  }

  /** A raw connection, for what an HTTP client will not send. */
  Socket connect() throws Exception {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Sends raw bytes and reads the answer until the server closes the connection. */
  String raw(String request) throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  PiccoloServer.Drained stop() throws Exception {
    stopped = true;
    return server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!stopped) {
      stop();
    }
  }
}
