package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether the store answers: one cheap read every {@code serve.store-probe-interval}, kept as
 * {@code piccolo_store_up} (0 or 1) and {@code piccolo_store_unreachable_seconds} (0 while it
 * answers). An unreachable store does not make the server unready: it goes on evaluating with the
 * scenarios it last read, so {@code /health/ready} carries it as a warning, and each change of
 * state is logged once.
 */
final class StoreReachability implements Part {
  static final String UP = "piccolo.store.up";
  static final String UNREACHABLE = "piccolo.store.unreachable";
  private static final ArtifactRef PROBE = new ArtifactRef("Scenario", "piccolo-store-probe");

  private final Vertx vertx;
  private final StateStore store;
  private final String storeName;
  private final Readiness readiness;
  private final PrintWriter log;
  private final long intervalMillis;
  private volatile boolean up = true;
  private volatile long lastAnswered = System.nanoTime();
  private volatile boolean probing;
  private long timer = -1;

  StoreReachability(
      Vertx vertx,
      StateStore store,
      String storeName,
      Duration interval,
      Readiness readiness,
      MeterRegistry meters,
      PrintWriter log) {
    this.vertx = vertx;
    this.store = store;
    this.storeName = storeName;
    this.intervalMillis = Math.max(1, interval.toMillis());
    this.readiness = readiness;
    this.log = log;
    Gauge.builder(UP, this, r -> r.up ? 1 : 0)
        .description("whether the store answered its last probe (1) or not (0)")
        .register(meters);
    TimeGauge.builder(UNREACHABLE, this, TimeUnit.NANOSECONDS, StoreReachability::unreachableNanos)
        .description("time since the store last answered; 0 while it answers")
        .register(meters);
  }

  @Override
  public String name() {
    return "store probe";
  }

  @Override
  public Future<Void> start() {
    timer = vertx.setPeriodic(intervalMillis, tick -> probe());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  private double unreachableNanos() {
    return up ? 0 : System.nanoTime() - lastAnswered;
  }

  private void probe() {
    if (probing) {
      return; // the last probe still waits for the store's own request timeout
    }
    probing = true;
    vertx
        .executeBlocking(() -> store.get(PROBE), false)
        .onComplete(
            done -> {
              probing = false;
              if (done.succeeded()) {
                answered();
              } else {
                unreachable(done.cause());
              }
            });
  }

  private void answered() {
    lastAnswered = System.nanoTime();
    if (!up) {
      up = true;
      readiness.unwarn("store");
      log.println("piccolo serve: the " + storeName + " answers again");
      log.flush();
    }
  }

  private void unreachable(Throwable cause) {
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    readiness.warn(
        "store",
        "the "
            + storeName
            + " does not answer: "
            + why.lines().findFirst().orElse(why)
            + "; stored scenarios run as last read, artifact changes answer 503 until it is back");
    if (up) {
      up = false;
      log.println("piccolo serve: the " + storeName + " does not answer: " + why);
      log.flush();
    }
  }
}
