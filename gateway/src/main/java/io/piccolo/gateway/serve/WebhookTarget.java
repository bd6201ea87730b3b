package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One webhook: events wait in a bounded queue and are POSTed one at a time, in order. Connection
 * errors, timeouts, 5xx and 429 are tried again after a backoff that doubles each time; other
 * answers, and the last attempt, count the event as failed. Everything runs on the hub's context.
 */
final class WebhookTarget implements EventHub.Sink {
  static final String DELIVERED = "piccolo.webhooks.delivered";
  static final String RETRIES = "piccolo.webhooks.retries";
  static final String DROPPED = "piccolo.webhooks.dropped";
  static final String FAILED = "piccolo.webhooks.failed";
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  /** How deliveries are made: the same for every webhook of the process. */
  record Policy(int capacity, int attempts, Duration backoff, Duration timeout) {}

  private final String url;
  private final EventFilter filter;
  private final Policy policy;
  private final Vertx vertx;
  private final HttpClient client;
  private final Deque<HubEvent> queue = new ArrayDeque<>();
  private final Counter delivered;
  private final Counter retries;
  private final Counter dropped;
  private final Counter failed;
  private boolean sending;
  private Runnable whenIdle;

  WebhookTarget(
      String url,
      EventFilter filter,
      Policy policy,
      Vertx vertx,
      HttpClient client,
      MeterRegistry meters) {
    this.url = url;
    this.filter = filter;
    this.policy = policy;
    this.vertx = vertx;
    this.client = client;
    this.delivered = counter(DELIVERED, "events delivered to a webhook (a 2xx answer)", meters);
    this.retries =
        counter(RETRIES, "webhook attempts tried again after a transient failure", meters);
    this.dropped = counter(DROPPED, "events not queued for a webhook whose queue was full", meters);
    this.failed = counter(FAILED, "events a webhook did not take after every attempt", meters);
  }

  private Counter counter(String name, String description, MeterRegistry meters) {
    return Counter.builder(name).description(description).tag("url", url).register(meters);
  }

  @Override
  public EventFilter filter() {
    return filter;
  }

  @Override
  public boolean offer(HubEvent event) {
    if (queue.size() >= policy.capacity()) {
      dropped.increment();
      return false;
    }
    queue.add(event);
    if (!sending) {
      sendNext();
    }
    return true;
  }

  /** Calls {@code then} once nothing is queued or in flight (at once when idle). */
  void whenIdle(Runnable then) {
    if (!sending && queue.isEmpty()) {
      then.run();
    } else {
      whenIdle = then;
    }
  }

  /** Counts what is still queued as dropped, when the server cannot wait any longer. */
  void giveUp() {
    dropped.increment(queue.size());
    queue.clear();
  }

  long[] counts() {
    return new long[] {
      (long) delivered.count(),
      (long) retries.count(),
      (long) dropped.count(),
      (long) failed.count()
    };
  }

  private void sendNext() {
    HubEvent event = queue.poll();
    if (event == null) {
      sending = false;
      if (whenIdle != null) {
        Runnable then = whenIdle;
        whenIdle = null;
        then.run();
      }
      return;
    }
    sending = true;
    attempt(event, 1);
  }

  private void attempt(HubEvent event, int attempt) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .setTimeout(policy.timeout().toMillis())
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Piccolo-Event", event.kind().label());
    client
        .request(request)
        .compose(r -> r.send(event.json()))
        .onComplete(
            answer -> {
              int status = answer.succeeded() ? answer.result().statusCode() : 0;
              if (answer.succeeded()) {
                answer.result().body(); // read and release the answer
              }
              if (status >= 200 && status < 300) {
                delivered.increment();
                sendNext();
              } else if ((status == 0 || status == 429 || status >= 500)
                  && attempt < policy.attempts()) {
                retries.increment();
                long wait =
                    Math.min(MAX_BACKOFF_MILLIS, policy.backoff().toMillis() << (attempt - 1));
                vertx.setTimer(Math.max(1, wait), t -> attempt(event, attempt + 1));
              } else {
                failed.increment();
                sendNext();
              }
            });
  }
}
