package io.piccolo.gateway.serve;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests Vert.x could not read (a garbage request line, headers too large): answered with a
 * problem as every other error is, counted, and the connection closed, since what follows on it
 * cannot be read either.
 */
final class BadRequests {
  private BadRequests() {}

  static void answer(HttpServerRequest request, long headerLimit, HttpMeters meters) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String title;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      title = "request line too long";
      detail = "the request line is longer than serve.header-limit (" + headerLimit + " bytes)";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      title = "request headers too large";
      detail = "the request headers are larger than serve.header-limit (" + headerLimit + " bytes)";
    } else {
      status = 400;
      title = "not an HTTP request";
      detail =
          "the request line or headers cannot be read as HTTP/1.1"
              + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")")
              + "; send METHOD PATH HTTP/1.1, then headers; docs/api.md lists the endpoints";
    }
    String body =
        new JsonObject().put("status", status).put("title", title).put("detail", detail).encode();
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", HttpProblem.TYPE)
        .putHeader("Connection", "close")
        .end(body + "\n")
        .onComplete(sent -> request.connection().close());
    meters.count(request);
  }
}
