package io.piccolo.gateway.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.IntSupplier;

/** A real HTTP client for a server on a loopback port, asked for its port at each request. */
final class Loopback {
  private final HttpClient http = HttpClient.newHttpClient();
  private final IntSupplier port;

  Loopback(IntSupplier port) {
    this.port = port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  /** The whole of /metrics. */
  String metrics() throws Exception {
    return send("GET", "/metrics", "").body();
  }
}
