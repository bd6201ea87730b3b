package io.piccolo.adapters.container;

import io.piccolo.adapters.TransientFailure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * JSON over HTTP on a container runtime's unix socket (Podman's libpod API, the Docker Engine API),
 * through a Vert.x client: no native transport is needed on JDK 17. A refused or timed-out call,
 * and a 5xx answer, fail with {@link TransientFailure}; every other answer is returned as it is.
 */
public final class UnixSocketApi {
  /** A creation that found it made already (a racing creator). */
  public static final Set<Integer> ALREADY_CREATED = Set.of(409);

  /** A start of what runs already. */
  public static final Set<Integer> ALREADY_STARTED = Set.of(304);

  /** A stop of what is stopped or gone. */
  public static final Set<Integer> ALREADY_STOPPED = Set.of(304, 404);

  /** A kill of what does not run or is gone. */
  public static final Set<Integer> ALREADY_KILLED = Set.of(409, 404);

  /** A removal of what is gone. */
  public static final Set<Integer> ALREADY_REMOVED = Set.of(404);

  private final HttpClient client;
  private final SocketAddress socket;
  private final String socketPath;
  private final java.util.concurrent.atomic.LongAdder waitingNanos =
      new java.util.concurrent.atomic.LongAdder();

  public UnixSocketApi(Vertx vertx, String socketPath) {
    this.socketPath = socketPath;
    this.socket = SocketAddress.domainSocketAddress(socketPath);
    // Event streams hold a connection each for as long as they follow; calls share the rest.
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
  }

  public String socketPath() {
    return socketPath;
  }

  /**
   * Time spent waiting on the runtime's answers so far, summed over calls: what benchmarks
   * subtract.
   */
  public long nanosWaiting() {
    return waitingNanos.sum();
  }

  /** One call; {@code timeout} bounds connecting and waiting for the whole answer. */
  public Future<ApiResponse> call(
      HttpMethod method, String uri, JsonObject body, Duration timeout) {
    RequestOptions options =
        new RequestOptions()
            .setServer(socket)
            .setHost("localhost")
            .setMethod(method)
            .setURI(uri)
            .setConnectTimeout(timeout.toMillis())
            .setIdleTimeout(timeout.toMillis());
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    long sent = System.nanoTime();
    long deadline = sent + timeout.toNanos();
    return client
        .request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(
            response -> {
              long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
              return response
                  .body()
                  .timeout(left, java.util.concurrent.TimeUnit.MILLISECONDS)
                  .map(bytes -> new ApiResponse(response.statusCode(), bytes));
            })
        .recover(cause -> Future.failedFuture(transientFailure(method, uri, cause)))
        .andThen(done -> waitingNanos.add(System.nanoTime() - sent))
        .compose(
            response ->
                response.status() >= 500
                    ? Future.failedFuture(
                        new TransientFailure(
                            describe(method, uri)
                                + " answered "
                                + response.status()
                                + ": "
                                + response.message()))
                    : Future.succeededFuture(response));
  }

  /**
   * A call that brings the runtime to a state (started, stopped, created, removed): a 2xx answer,
   * or one of {@code alreadyThere} (304 for a start of what runs, 404 for a removal of what is
   * gone, 409 for a creation that raced another), completes it; any other answer fails it with a
   * {@link RuntimeRefusal} that starts with {@code couldNot}. Fails as {@link #call} does.
   */
  public Future<Void> idempotent(
      HttpMethod method,
      String uri,
      JsonObject body,
      Duration timeout,
      Set<Integer> alreadyThere,
      String couldNot) {
    return call(method, uri, body, timeout)
        .compose(
            r ->
                alreadyThere.contains(r.status())
                    ? Future.succeededFuture()
                    : accepted(r, couldNot).mapEmpty());
  }

  /**
   * The answer when it is a 2xx one; otherwise a {@link RuntimeRefusal} with the runtime's words.
   */
  public static Future<ApiResponse> accepted(ApiResponse response, String couldNot) {
    return response.ok()
        ? Future.succeededFuture(response)
        : Future.failedFuture(new RuntimeRefusal(couldNot + ": " + response.message()));
  }

  /**
   * Follows a streaming answer line by line (an event stream) until it ends; the future completes
   * with the response once the stream is open, or fails as {@link #call} does.
   */
  public Future<HttpClientResponse> follow(
      String uri, Duration connectTimeout, Handler<Buffer> line, Handler<Throwable> ended) {
    RequestOptions options =
        new RequestOptions()
            .setServer(socket)
            .setHost("localhost")
            .setMethod(HttpMethod.GET)
            .setURI(uri)
            .setConnectTimeout(connectTimeout.toMillis())
            .setIdleTimeout(0);
    return client
        .request(options)
        .compose(request -> request.send())
        .recover(cause -> Future.failedFuture(transientFailure(HttpMethod.GET, uri, cause)))
        .compose(
            response -> {
              if (response.statusCode() != 200) {
                return response
                    .body()
                    .compose(
                        body ->
                            Future.failedFuture(
                                new TransientFailure(
                                    describe(HttpMethod.GET, uri)
                                        + " answered "
                                        + response.statusCode()
                                        + ": "
                                        + new ApiResponse(response.statusCode(), body).message())));
              }
              RecordParser lines = RecordParser.newDelimited("\n", line);
              response.handler(lines);
              response.exceptionHandler(ended);
              response.endHandler(done -> ended.handle(null));
              return Future.succeededFuture(response);
            });
  }

  public Future<Void> close() {
    return client.close();
  }

  private TransientFailure transientFailure(HttpMethod method, String uri, Throwable cause) {
    if (cause instanceof TransientFailure failure) {
      return failure;
    }
    String why =
        cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")
            ? "timed out"
            : "failed ("
                + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getMessage())
                + ")";
    return new TransientFailure(describe(method, uri) + " " + why, cause);
  }

  private String describe(HttpMethod method, String uri) {
    return method + " " + uri + " on " + socketPath;
  }
}
