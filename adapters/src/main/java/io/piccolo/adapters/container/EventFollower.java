package io.piccolo.adapters.container;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows a runtime's container event stream for as long as it runs, and connects again with
 * backoff when the stream ends (the runtime's API service stopped or restarted), asking for the
 * events since the last one seen so that none is lost and none is handled twice.
 */
public final class EventFollower {
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);
  private static final int REMEMBERED = 64;

  private final Vertx vertx;
  private final UnixSocketApi api;
  private final Function<String, String> uriSince;
  private final Consumer<ContainerEvent> events;
  private final Runnable connected;
  private final Deque<String> recent = new ArrayDeque<>();
  private final Set<String> recentKeys = new HashSet<>();
  private long lastTimeNano;
  private Duration retry = FIRST_RETRY;
  private HttpClientResponse stream;
  private long retryTimer = -1;
  private long attempts;
  private long openedAtNano;
  private boolean stopped;

  /**
   * @param uriSince the stream's URI given the {@code since} parameter (seconds since the epoch,
   *     with a fraction), or null on the first connection
   * @param connected runs after each connection, so the caller can catch up on what it missed
   */
  public EventFollower(
      Vertx vertx,
      UnixSocketApi api,
      Function<String, String> uriSince,
      Consumer<ContainerEvent> events,
      Runnable connected) {
    this.vertx = vertx;
    this.api = api;
    this.uriSince = uriSince;
    this.events = events;
    this.connected = connected;
  }

  public synchronized void start() {
    stopped = false;
    connect();
  }

  /** Whether a stream is open now. */
  public synchronized boolean following() {
    return stream != null;
  }

  public synchronized void stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    if (stream != null) {
      stream.request().reset();
      stream = null;
    }
  }

  private synchronized void connect() {
    if (stopped) {
      return;
    }
    String since =
        lastTimeNano == 0
            ? null
            : (lastTimeNano / 1_000_000_000L)
                + "."
                + String.format("%09d", lastTimeNano % 1_000_000_000L);
    long attempt = ++attempts;
    api.follow(uriSince.apply(since), Duration.ofSeconds(5), this::line, cause -> ended(attempt))
        .onSuccess(
            response -> {
              synchronized (this) {
                if (stopped) {
                  response.request().reset();
                  return;
                }
                stream = response;
                retry = FIRST_RETRY;
                if (openedAtNano == 0) {
                  openedAtNano = System.currentTimeMillis() * 1_000_000L;
                }
              }
              connected.run();
            })
        .onFailure(cause -> ended(attempt));
  }

  private void line(Buffer line) {
    if (line.length() == 0) {
      return;
    }
    ContainerEvent event;
    try {
      event = ContainerEvent.parse(new JsonObject(line));
    } catch (DecodeException | ClassCastException notAnEvent) {
      return;
    }
    if (event == null || !firstSighting(event)) {
      return;
    }
    events.accept(event);
  }

  /** Whether the event is new: a reconnection asks from the last event's time on, inclusive. */
  private synchronized boolean firstSighting(ContainerEvent event) {
    if (event.timeNano() < lastTimeNano) {
      return false;
    }
    String key = event.id() + "/" + event.action() + "/" + event.timeNano();
    if (!recentKeys.add(key)) {
      return false;
    }
    recent.addLast(key);
    if (recent.size() > REMEMBERED) {
      recentKeys.remove(recent.removeFirst());
    }
    lastTimeNano = event.timeNano();
    return true;
  }

  /** A connection attempt failed or its stream ended (both may be told): connect again once. */
  private synchronized void ended(long attempt) {
    if (stopped || attempt != attempts || retryTimer >= 0) {
      return;
    }
    stream = null;
    if (lastTimeNano == 0) {
      // Nothing seen yet: ask again from when the first stream opened (or from now, if none did).
      lastTimeNano = openedAtNano != 0 ? openedAtNano : System.currentTimeMillis() * 1_000_000L;
    }
    Duration wait = retry;
    retry =
        retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
    retryTimer =
        vertx.setTimer(
            wait.toMillis(),
            id -> {
              synchronized (this) {
                retryTimer = -1;
              }
              connect();
            });
  }
}
