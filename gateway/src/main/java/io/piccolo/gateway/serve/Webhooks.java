package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.gateway.settings.Webhook;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code serve.webhooks}: every event a webhook's filter wants is POSTed to it as JSON. Started
 * before the evaluator and stopped after it, so the last decisions are delivered; what is still
 * queued when the drain timeout nears is counted as dropped.
 */
final class Webhooks implements Part {
  private final Vertx vertx;
  private final EventHub hub;
  private final HttpClient client;
  private final Duration drainTimeout;
  private final List<WebhookTarget> targets = new ArrayList<>();

  /**
   * Each webhook's filter, checked before anything starts.
   *
   * @throws IllegalArgumentException naming the setting, the entry and the field that is wrong
   */
  static List<EventFilter> filters(Settings settings) {
    List<EventFilter> filters = new ArrayList<>();
    List<Webhook> hooks = settings.get(Settings.SERVE_WEBHOOKS);
    for (int i = 0; i < hooks.size(); i++) {
      try {
        filters.add(EventFilter.of("kinds", hooks.get(i).kinds(), hooks.get(i).filter()));
      } catch (EventFilter.Invalid e) {
        throw new IllegalArgumentException(
            settings.source(Settings.SERVE_WEBHOOKS)
                + ": "
                + Settings.SERVE_WEBHOOKS.name()
                + "["
                + i
                + "]."
                + e.field()
                + ": "
                + e.getMessage());
      }
    }
    return filters;
  }

  Webhooks(Vertx vertx, EventHub hub, Settings settings, MeterRegistry meters) {
    this.vertx = vertx;
    this.hub = hub;
    this.drainTimeout = settings.get(Settings.SERVE_DRAIN_TIMEOUT);
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    WebhookTarget.Policy policy =
        new WebhookTarget.Policy(
            settings.get(Settings.WEBHOOK_QUEUE),
            settings.get(Settings.WEBHOOK_ATTEMPTS),
            settings.get(Settings.WEBHOOK_BACKOFF),
            settings.get(Settings.WEBHOOK_TIMEOUT));
    List<Webhook> hooks = settings.get(Settings.SERVE_WEBHOOKS);
    List<EventFilter> filters = filters(settings);
    for (int i = 0; i < hooks.size(); i++) {
      targets.add(
          new WebhookTarget(hooks.get(i).url(), filters.get(i), policy, vertx, client, meters));
    }
  }

  @Override
  public String name() {
    return "webhooks";
  }

  @Override
  public Future<Void> start() {
    targets.forEach(hub::add);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    Promise<Void> drained = Promise.promise();
    hub.afterPublished(
        () -> {
          targets.forEach(hub::remove);
          long timer =
              vertx.setTimer(
                  Math.max(1, drainTimeout.toMillis() * 9 / 10),
                  late -> {
                    targets.forEach(WebhookTarget::giveUp);
                    drained.tryComplete();
                  });
          int[] left = {targets.size()};
          if (left[0] == 0) {
            drained.tryComplete();
          }
          for (WebhookTarget target : targets) {
            target.whenIdle(
                () -> {
                  if (--left[0] == 0) {
                    vertx.cancelTimer(timer);
                    drained.tryComplete();
                  }
                });
          }
        });
    return drained.future().compose(done -> client.close());
  }

  /** Summed over every webhook, for {@code rules.status}. */
  Map<String, Long> counts() {
    long[] sum = new long[4];
    for (WebhookTarget t : targets) {
      long[] c = t.counts();
      for (int i = 0; i < 4; i++) {
        sum[i] += c[i];
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("configured", (long) targets.size());
    out.put("delivered", sum[0]);
    out.put("retries", sum[1]);
    out.put("dropped", sum[2]);
    out.put("failed", sum[3]);
    return out;
  }
}
