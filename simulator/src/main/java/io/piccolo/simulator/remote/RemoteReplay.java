package io.piccolo.simulator.remote;

import io.piccolo.simulator.trace.SampleStream;
import io.piccolo.simulator.trace.TraceFormatException;
import io.piccolo.simulator.trace.TraceSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Replays a trace into a running {@code piccolo serve} over its WebSocket: each instant's samples
 * are published when it is due on the real clock ({@code speed} times faster), or as fast as the
 * server takes them in batches ({@code speed} 0), while the server's decisions are followed. At the
 * end, {@code rules.status} is asked: it answers once every published sample was evaluated and its
 * decisions were sent, so the output is complete.
 *
 * <p>Each decision line is the server's, with {@code time} turned into trace seconds (its time
 * since the replay started, times the speed). Its latency runs from the sending of the last batch
 * sent before its round to its arrival here.
 */
public final class RemoteReplay {
  /** Samples per {@code signal.publish} as fast as possible. */
  static final int MAX_BATCH = 1000;

  private final URI server;
  private final String name;
  private final double speed;
  private final Long untilMillis;
  private final String apiKey;

  /**
   * @param speed how many times faster than the trace; 0 for as fast as the server takes them
   * @param untilMillis the trace time to end at, or null for its last sample
   * @param apiKey the API key sent with the handshake, or null for none
   */
  public RemoteReplay(URI server, String name, double speed, Long untilMillis, String apiKey) {
    this.apiKey = apiKey;
    this.server = server;
    this.name = name;
    this.speed = speed;
    this.untilMillis = untilMillis;
  }

  /** One batch as it was sent: when, on the wall clock and the monotonic one. */
  private record Sent(long epochMillis, long nanos) {}

  /**
   * @param lines told each decision's JSON line as it arrives, on the socket's thread
   */
  public RemoteResult run(TraceSource trace, Consumer<String> lines)
      throws RemoteException, IOException, TraceFormatException {
    List<Sent> sent = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    long[] decisions = {0};
    long startMillis;
    long startNanos;
    long samples = 0;
    long retries = 0;
    Object lock = new Object();
    long[] start = new long[1];
    try (StreamSession session =
            new StreamSession(
                server,
                name,
                apiKey,
                event -> {
                  long now = System.nanoTime();
                  JsonObject decision = event.getJsonObject("event");
                  if (decision == null || !"decision".equals(event.getString("kind"))) {
                    return;
                  }
                  long decidedAt = Math.round(decision.getDouble("time", 0.0) * 1000);
                  synchronized (lock) {
                    if (start[0] == 0 || decidedAt < start[0]) {
                      return; // decided before this replay began
                    }
                    Sent cause = lastSentBy(sent, decidedAt);
                    if (cause != null) {
                      latencies.add((now - cause.nanos()) / 1e6);
                    }
                    decisions[0]++;
                  }
                  double traceSeconds =
                      speed == 0
                          ? (decidedAt - start[0]) / 1000.0
                          : Math.round((decidedAt - start[0]) * speed) / 1000.0;
                  lines.accept(withTime(decision, traceSeconds));
                });
        SampleStream stream = trace.open()) {
      session.result(
          "events.subscribe", new JsonObject().put("kinds", new JsonArray().add("decision")));
      long droppedBefore = droppedDecisions(session.result("rules.status", new JsonObject()));
      startMillis = System.currentTimeMillis();
      startNanos = System.nanoTime();
      synchronized (lock) {
        start[0] = startMillis;
      }
      JsonArray batch = new JsonArray();
      long batchTime = Long.MIN_VALUE;
      long late = 0; // the most a batch left after its due time: this machine's share of an offset
      boolean more = stream.next();
      while (more) {
        if (untilMillis != null && stream.time() > untilMillis) {
          break;
        }
        long time = stream.time();
        if (speed != 0 && time != batchTime && !batch.isEmpty()) {
          late =
              Math.max(late, System.nanoTime() - (startNanos + (long) (batchTime * 1e6 / speed)));
          retries += publish(session, batch, sent, lock);
          samples += batch.size();
          batch = new JsonArray();
        }
        if (speed != 0 && time != batchTime) {
          waitUntil(startNanos + (long) (time * 1e6 / speed));
        }
        batchTime = time;
        batch.add(new JsonObject().put("path", stream.path()).put("value", stream.value()));
        if (speed == 0 && batch.size() >= MAX_BATCH) {
          retries += publish(session, batch, sent, lock);
          samples += batch.size();
          batch = new JsonArray();
        }
        more = stream.next();
      }
      if (!batch.isEmpty()) {
        if (speed != 0) {
          late =
              Math.max(late, System.nanoTime() - (startNanos + (long) (batchTime * 1e6 / speed)));
        }
        retries += publish(session, batch, sent, lock);
        samples += batch.size();
      }
      if (speed != 0 && untilMillis != null) {
        waitUntil(startNanos + (long) (untilMillis * 1e6 / speed));
      }
      long dropped =
          droppedDecisions(session.result("rules.status", new JsonObject())) - droppedBefore;
      long wall = System.nanoTime() - startNanos;
      double[] sorted;
      synchronized (lock) {
        sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new RemoteResult(samples, decisions[0], dropped, retries, sorted, wall, late / 1e6);
      }
    }
  }

  /**
   * Publishes one batch, sending again what a full queue refused after the server's hint.
   *
   * @return how many times it had to be sent again
   */
  private long publish(StreamSession session, JsonArray batch, List<Sent> sent, Object lock)
      throws RemoteException {
    long retries = 0;
    JsonArray rest = batch;
    while (true) {
      synchronized (lock) {
        sent.add(new Sent(System.currentTimeMillis(), System.nanoTime()));
      }
      JsonObject answer = session.call("signal.publish", StreamSession.samples(rest));
      JsonObject error = answer.getJsonObject("error");
      if (error == null) {
        return retries;
      }
      JsonObject data = error.getJsonObject("data", new JsonObject());
      if (error.getInteger("code", 0) != -32000 || !data.containsKey("accepted")) {
        throw new RemoteException(name + " refused the samples: " + error.encode());
      }
      int accepted = data.getInteger("accepted");
      rest = new JsonArray(rest.getList().subList(accepted, rest.size()));
      retries++;
      waitUntil(System.nanoTime() + data.getLong("retryAfterMs", 100L) * 1_000_000);
    }
  }

  /** Decision events the server dropped so far for subscribers that did not keep up. */
  private static long droppedDecisions(JsonObject status) {
    JsonObject dropped = status == null ? null : status.getJsonObject("eventsDropped");
    return dropped == null ? 0 : dropped.getLong("decision", 0L);
  }

  /** The last batch sent at or before {@code epochMillis}, on the same host's clock. */
  private static Sent lastSentBy(List<Sent> sent, long epochMillis) {
    Sent last = null;
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).epochMillis() <= epochMillis) {
        return sent.get(i);
      }
      last = sent.get(i);
    }
    return last;
  }

  private static String withTime(JsonObject decision, double traceSeconds) {
    JsonObject line = new JsonObject().put("time", traceSeconds);
    decision.forEach(
        field -> {
          if (!field.getKey().equals("time")) {
            line.put(field.getKey(), field.getValue());
          }
        });
    return line.encode();
  }

  /** Waits for the due time of an instant on the real clock: the replay's own pacing. */
  private static void waitUntil(long nanos) {
    for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
