package io.piccolo.gateway.bench;

import io.piccolo.simulator.remote.JsonRpcSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes as fast as the server takes them: each connection keeps a few batched {@code
 * signal.publish} requests in flight and sends the next when one is answered; what a full queue
 * refuses is sent again after the retry hint, so every sample is eventually accepted.
 */
final class Flood {
  /** Requests each connection keeps in flight. */
  private static final int WINDOW = 4;

  private final Vertx vertx;
  private final BenchRules rules;
  private final int batch;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private volatile Throwable failure;

  Flood(Vertx vertx, BenchRules rules, int batch) {
    this.vertx = vertx;
    this.rules = rules;
    this.batch = batch;
  }

  /** Publishes over every connection until {@code seconds} passed; the samples accepted. */
  long run(List<JsonRpcSocket> connections, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    CountDownLatch done = new CountDownLatch(connections.size() * WINDOW);
    for (JsonRpcSocket connection : connections) {
      for (int i = 0; i < WINDOW; i++) {
        vertx.runOnContext(ignored -> sendNext(connection, deadline, done));
      }
    }
    if (!done.await((long) seconds + 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("publishing did not finish: the server stopped answering");
    }
    if (failure != null) {
      throw new IllegalStateException("publishing failed: " + failure.getMessage(), failure);
    }
    return accepted.get();
  }

  /** Times a full queue refused part of a batch (each sent again). */
  long refusals() {
    return refusals.get();
  }

  private void sendNext(JsonRpcSocket connection, long deadline, CountDownLatch done) {
    if (System.nanoTime() >= deadline || failure != null) {
      done.countDown();
      return;
    }
    long from = next.getAndAdd(batch);
    send(connection, from, from + batch, deadline, done);
  }

  private void send(
      JsonRpcSocket connection, long from, long to, long deadline, CountDownLatch done) {
    connection
        .call("signal.publish", rules.publishParams(from, to, rules::floodValue))
        .onFailure(
            e -> {
              failure = e;
              done.countDown();
            })
        .onSuccess(
            answer -> {
              JsonObject error = answer.getJsonObject("error");
              if (error == null) {
                accepted.addAndGet(to - from);
                sendNext(connection, deadline, done);
                return;
              }
              JsonObject data = error.getJsonObject("data");
              if (data == null || !data.containsKey("retryAfterMs")) {
                failure = new IllegalStateException("signal.publish refused: " + error.encode());
                done.countDown();
                return;
              }
              long queued = data.getLong("accepted", 0L);
              accepted.addAndGet(queued);
              refusals.incrementAndGet();
              vertx.setTimer(
                  Math.max(1, data.getLong("retryAfterMs")),
                  later -> send(connection, from + queued, to, deadline, done));
            });
  }
}
