package io.piccolo.gateway.serve;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/v1/events}: the hub's events as Server-Sent Events, {@code event: KIND} and one
 * {@code data:} line holding the event's JSON object (a decision is the {@code simulate} JSON
 * line), filtered by the query ({@code kind}, {@code scenario}, {@code target}, {@code decision}).
 */
final class EventStream {
  private record Subscriber(HttpServerResponse response, EventFilter filter)
      implements EventHub.Sink {
    @Override
    public boolean offer(HubEvent event) {
      if (response.ended() || response.closed() || response.writeQueueFull()) {
        return false;
      }
      response.write("event: " + event.kind().label() + "\ndata: " + event.json() + "\n\n");
      return true;
    }
  }

  private final EventHub hub;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final long heartbeatMillis;

  /**
   * @param heartbeat how often a stream with nothing to send gets a comment line, so the idle
   *     timeout does not close it
   */
  EventStream(EventHub hub, java.time.Duration heartbeat) {
    this.hub = hub;
    this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
  }

  void routes(Router router) {
    router.get("/api/v1/events").handler(this::subscribe);
  }

  void subscribe(RoutingContext ctx) {
    List<String> kinds = new ArrayList<>();
    Map<String, String> values = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : ctx.queryParams().entries()) {
      if (e.getKey().equals("kind")) {
        for (String k : e.getValue().split(",")) {
          kinds.add(k.trim());
        }
      } else {
        values.put(e.getKey(), e.getValue());
      }
    }
    EventFilter filter;
    try {
      filter = EventFilter.of("kind", kinds, values);
    } catch (EventFilter.Invalid e) {
      HttpProblem.send(ctx, 400, "bad filter", e.getMessage());
      return;
    }
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache");
    response.write(": subscribed\n\n");
    Subscriber subscriber = new Subscriber(response, filter);
    subscribers.add(subscriber);
    hub.add(subscriber);
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
          hub.remove(subscriber);
        });
    response.endHandler(ended -> ctx.vertx().cancelTimer(heartbeat));
  }

  /**
   * Ends every subscriber's stream, when the server stops: on the hub's context, so every event
   * already published is written first.
   */
  Future<Void> closeAll() {
    Promise<Void> ended = Promise.promise();
    hub.afterPublished(
        () -> {
          for (Subscriber s : subscribers) {
            hub.remove(s);
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
