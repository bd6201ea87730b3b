package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.engine.DecidedAction;
import io.piccolo.simulator.replay.DecisionJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/v1/events}: decided actions as Server-Sent Events, one {@code simulate} JSON line
 * per {@code data:} line, filtered by the query ({@code scenario}, {@code target}, {@code
 * decision}). Decisions are handed over from the evaluator's thread to the HTTP event loop; a
 * subscriber that does not keep up loses events, counted, rather than slowing the evaluator.
 */
final class EventStream {
  static final String EVENTS_DROPPED = "piccolo.events.dropped";
  static final String SUBSCRIBERS = "piccolo.events.subscribers";
  private static final Set<String> FILTERS = Set.of("scenario", "target", "decision");

  private record Subscriber(HttpServerResponse response, Map<String, String> filter) {
    boolean wants(DecidedAction d) {
      return matches("scenario", d.scenario())
          && matches("target", d.target())
          && matches("decision", d.decision().label());
    }

    private boolean matches(String field, String value) {
      String wanted = filter.get(field);
      return wanted == null || wanted.equals(value);
    }
  }

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final Counter dropped;
  private volatile Context context;

  private final long heartbeatMillis;

  /**
   * @param heartbeat how often a stream with nothing to send gets a comment line, so the idle
   *     timeout does not close it
   */
  EventStream(MeterRegistry meters, java.time.Duration heartbeat) {
    this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
    this.dropped =
        Counter.builder(EVENTS_DROPPED)
            .description("events not sent to a subscriber that did not keep up")
            .register(meters);
    Gauge.builder(SUBSCRIBERS, subscribers, Set::size)
        .description("event subscribers connected")
        .register(meters);
  }

  void subscribe(RoutingContext ctx) {
    Map<String, String> filter = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : ctx.queryParams().entries()) {
      if (!FILTERS.contains(e.getKey())) {
        HttpProblem.send(
            ctx,
            400,
            "unknown filter",
            "'" + e.getKey() + "' is not a filter; use scenario, target or decision");
        return;
      }
      filter.put(e.getKey(), e.getValue());
    }
    context = ctx.vertx().getOrCreateContext();
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache");
    response.write(": subscribed\n\n");
    Subscriber subscriber = new Subscriber(response, Map.copyOf(filter));
    subscribers.add(subscriber);
    long heartbeat =
        ctx.vertx()
            .setPeriodic(
                heartbeatMillis,
                beat -> {
                  if (!response.ended() && !response.closed() && !response.writeQueueFull()) {
                    response.write(": keep-alive\n\n");
                  }
                });
    response.closeHandler(
        closed -> {
          ctx.vertx().cancelTimer(heartbeat);
          subscribers.remove(subscriber);
        });
    response.endHandler(ended -> ctx.vertx().cancelTimer(heartbeat));
  }

  /** From the evaluator's thread: sent on the event loop, never waited for. */
  void publish(List<DecidedAction> round) {
    Context loop = context;
    if (loop == null || subscribers.isEmpty()) {
      return;
    }
    loop.runOnContext(ignored -> send(round));
  }

  private void send(List<DecidedAction> round) {
    for (DecidedAction d : round) {
      String event = null;
      for (Subscriber s : subscribers) {
        if (!s.wants(d)) {
          continue;
        }
        if (s.response().writeQueueFull()) {
          dropped.increment();
          continue;
        }
        if (event == null) {
          event = "event: decision\ndata: " + DecisionJson.line(d) + "\n\n";
        }
        s.response().write(event);
      }
    }
  }

  /** A rule reload, to every subscriber whatever its filter: {@code event: reload}. */
  void publishReload(io.vertx.core.json.JsonObject reload) {
    Context loop = context;
    if (loop == null || subscribers.isEmpty()) {
      return;
    }
    String event = "event: reload\ndata: " + reload.encode() + "\n\n";
    loop.runOnContext(
        ignored -> {
          for (Subscriber s : subscribers) {
            if (s.response().writeQueueFull()) {
              dropped.increment();
            } else {
              s.response().write(event);
            }
          }
        });
  }

  /**
   * Ends every subscriber's stream, when the server stops: on the context decisions are sent from,
   * so every decision already published is written first.
   */
  Future<Void> closeAll() {
    Context loop = context;
    if (loop == null) {
      subscribers.clear();
      return Future.succeededFuture();
    }
    Promise<Void> ended = Promise.promise();
    loop.runOnContext(
        ignored -> {
          for (Subscriber s : subscribers) {
            if (!s.response().ended() && !s.response().closed()) {
              s.response().end();
            }
          }
          subscribers.clear();
          ended.complete();
        });
    return ended.future();
  }
}
