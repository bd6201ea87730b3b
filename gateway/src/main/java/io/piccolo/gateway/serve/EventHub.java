package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.engine.DecidedAction;
import io.piccolo.simulator.replay.DecisionJson;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place events leave {@code piccolo serve}: decisions, scenario state changes and rule
 * reloads, handed from any thread to one event-loop context and offered there, in order, to every
 * subscriber (SSE streams, WebSocket subscriptions, webhooks) whose filter wants them. A subscriber
 * that cannot take an event loses it, counted per kind, rather than slowing the evaluator.
 */
public final class EventHub {
  static final String EVENTS_DROPPED = "piccolo.events.dropped";
  static final String EVENTS_PUBLISHED = "piccolo.events.published";
  static final String SUBSCRIBERS = "piccolo.events.subscribers";

  /** A subscriber, offered events on the hub's context. */
  interface Sink {
    EventFilter filter();

    /** False when the subscriber cannot take it now: the event is dropped and counted. */
    boolean offer(HubEvent event);
  }

  private final Context context;
  private final Set<Sink> sinks = ConcurrentHashMap.newKeySet();
  private final Map<EventKind, Counter> dropped = new EnumMap<>(EventKind.class);
  private final Map<EventKind, Counter> published = new EnumMap<>(EventKind.class);

  EventHub(Vertx vertx, MeterRegistry meters) {
    this.context = vertx.getOrCreateContext();
    for (EventKind kind : EventKind.values()) {
      dropped.put(
          kind,
          Counter.builder(EVENTS_DROPPED)
              .description("events not sent to a subscriber that did not keep up")
              .tag("kind", kind.label())
              .register(meters));
      published.put(
          kind,
          Counter.builder(EVENTS_PUBLISHED)
              .description("events published to subscribers")
              .tag("kind", kind.label())
              .register(meters));
    }
    Gauge.builder(SUBSCRIBERS, sinks, Set::size)
        .description("event subscribers: SSE streams, WebSocket subscriptions and webhooks")
        .register(meters);
  }

  /** One evaluation round's decisions, in output order, from the evaluator's thread. */
  void publish(List<DecidedAction> round) {
    List<DecidedAction> ordered = new ArrayList<>(round);
    ordered.sort(DecidedAction.ORDER);
    List<HubEvent> events = new ArrayList<>(ordered.size());
    for (DecidedAction d : ordered) {
      events.add(
          new HubEvent(
              EventKind.DECISION,
              DecisionJson.line(d),
              Map.of(
                  "scenario",
                  d.scenario(),
                  "target",
                  d.target(),
                  "decision",
                  d.decision().label())));
    }
    send(events);
  }

  /** A scenario's state change, as recorded in the store. */
  void publishState(long timeMillis, String scenario, String from, String to) {
    JsonObject event =
        new JsonObject()
            .put("time", seconds(timeMillis))
            .put("scenario", scenario)
            .put("from", from)
            .put("to", to);
    send(List.of(new HubEvent(EventKind.STATE, event.encode(), Map.of("scenario", scenario))));
  }

  /** A Model's state change, as written to the store, from any thread. */
  void publishModelState(long timeMillis, String model, String from, String to, String reason) {
    JsonObject event =
        new JsonObject()
            .put("time", seconds(timeMillis))
            .put("model", model)
            .put("from", from)
            .put("to", to);
    if (reason != null) {
      event.put("reason", reason);
    }
    send(List.of(new HubEvent(EventKind.STATE, event.encode(), Map.of("model", model))));
  }

  /**
   * What a Policy did about a workload's deadline misses, from any thread: SSE {@code event:
   * timpani}; its {@code target} is the workload, as a decision's is.
   */
  void publishTimpani(long timeMillis, io.piccolo.scheduler.PolicyAction action) {
    JsonObject event =
        new JsonObject()
            .put("time", seconds(timeMillis))
            .put("workload", action.workload())
            .put("schedule", action.schedule())
            .put("strategy", action.strategy())
            .put("reason", action.reason())
            .put("tasks", new io.vertx.core.json.JsonArray(action.tasks()));
    if (action.node() != null) {
      event.put("node", action.node());
    }
    send(
        List.of(
            new HubEvent(EventKind.TIMPANI, event.encode(), Map.of("target", action.workload()))));
  }

  /**
   * A reload of the rules, from any thread: SSE {@code event: reload}, stream kind {@code reload}.
   *
   * @param event what was reloaded, as the reloading part describes it
   */
  public void publishReload(JsonObject event) {
    send(List.of(new HubEvent(EventKind.RELOAD, event.encode(), Map.of())));
  }

  /**
   * Epoch seconds to the millisecond as a plain decimal, as decision lines have them; a double
   * would be encoded as {@code 1.79613927457E9}.
   */
  static java.math.BigDecimal seconds(long millis) {
    java.math.BigDecimal s = java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    return s.scale() < 1 ? s.setScale(1) : s;
  }

  /** Runs {@code task} on the hub's context once every event published before it was offered. */
  void afterPublished(Runnable task) {
    context.runOnContext(ignored -> task.run());
  }

  void add(Sink sink) {
    sinks.add(sink);
  }

  void remove(Sink sink) {
    sinks.remove(sink);
  }

  /** Events dropped so far, per kind label. */
  Map<String, Long> droppedByKind() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    dropped.forEach((kind, counter) -> out.put(kind.label(), (long) counter.count()));
    return out;
  }

  /** One subscriber's failure (a socket closing under it) loses it the event, not the others. */
  private static boolean offer(Sink sink, HubEvent event) {
    try {
      return sink.offer(event);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void send(List<HubEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    context.runOnContext(
        ignored -> {
          for (HubEvent event : events) {
            published.get(event.kind()).increment();
            for (Sink sink : sinks) {
              if (sink.filter().wants(event) && !offer(sink, event)) {
                dropped.get(event.kind()).increment();
              }
            }
          }
        });
  }
}
