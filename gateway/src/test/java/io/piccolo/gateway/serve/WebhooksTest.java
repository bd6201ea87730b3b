package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.gateway.settings.Webhook;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks delivered to a real Vert.x HTTP server that fails the first attempts. */
@Timeout(60)
class WebhooksTest {
  private static final String RULES =
      "package p;\n"
          + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n"
          + "rule \"no warning when parked\" when $r : ActionRequest(target == \"speed-warning\")"
          + " Signal(path == \"Vehicle.Parked\", flag == true) then $r.deny(\"parked\"); end\n";

  @TempDir Path dir;
  private final Vertx hooks = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> flaky = new CopyOnWriteArrayList<>();
  private final List<String> deniedOnly = new CopyOnWriteArrayList<>();
  private final AtomicInteger flakyAttempts = new AtomicInteger();
  private final AtomicInteger refusingAttempts = new AtomicInteger();
  private HttpServer receiver;
  private PiccoloServer server;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver =
        hooks
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              switch (request.path()) {
                                case "/flaky" -> {
                                  // the first two attempts fail as an overloaded receiver would
                                  int attempt = flakyAttempts.incrementAndGet();
                                  if (attempt <= 2) {
                                    request.response().setStatusCode(503).end();
                                    return;
                                  }
                                  flaky.add(body.toString());
                                }
                                case "/refusing" -> {
                                  refusingAttempts.incrementAndGet();
                                  request.response().setStatusCode(400).end();
                                  return;
                                }
                                default -> deniedOnly.add(body.toString());
                              }
                              request.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + receiver.actualPort();
    server =
        new PiccoloServer(
            new RuleBaseBuilder().addDrl(new RuleSource("live.drl", RULES)).build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults()
                .with(Settings.SERVE_PORT, 0, "test")
                .with(Settings.WEBHOOK_BACKOFF, Duration.ofMillis(10), "test")
                .with(
                    Settings.SERVE_WEBHOOKS,
                    List.of(
                        new Webhook(base + "/flaky", List.of(), Map.of()),
                        new Webhook(base + "/refusing", List.of("decision"), Map.of()),
                        new Webhook(base + "/denied", List.of(), Map.of("decision", "denied"))),
                    "test"),
            round -> {},
            new PrintWriter(new StringWriter(), true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    hooks.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double metric(String meter, String path) throws Exception {
    String line = meter + "{url=\"http://127.0.0.1:" + receiver.actualPort() + path + "\"}";
    for (String l :
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body()
            .split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1));
      }
    }
    return Double.NaN;
  }

  @Test
  void eachEventIsPostedAsJsonRetriedAfterTransientFailuresAndCounted() throws Exception {
    assertEquals(0.0, metric("piccolo_webhooks_delivered_total", "/flaky"), "registered at zero");
    assertEquals(0.0, metric("piccolo_webhooks_retries_total", "/flaky"));
    assertEquals(0.0, metric("piccolo_webhooks_dropped_total", "/flaky"));
    assertEquals(0.0, metric("piccolo_webhooks_failed_total", "/flaky"));
    assertEquals(
        202, post("/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":130}]").statusCode());
    Waits.until("the third attempt delivers", Duration.ofSeconds(10), () -> flaky.size() == 1);
    JsonObject event = new JsonObject(flaky.get(0));
    assertEquals("speed-warning", event.getString("target"));
    assertEquals("allowed", event.getString("decision"));
    assertEquals(3, flakyAttempts.get());
    Waits.until(
        "the delivery is counted",
        Duration.ofSeconds(10),
        () -> metric("piccolo_webhooks_delivered_total", "/flaky") == 1.0);
    assertEquals(2.0, metric("piccolo_webhooks_retries_total", "/flaky"));
    Waits.until(
        "a 400 fails at once, without a retry",
        Duration.ofSeconds(10),
        () -> metric("piccolo_webhooks_failed_total", "/refusing") == 1.0);
    assertEquals(1, refusingAttempts.get());
    assertEquals(0.0, metric("piccolo_webhooks_retries_total", "/refusing"));
    assertTrue(deniedOnly.isEmpty(), "an allowed decision does not pass decision=denied");

    post(
        "/api/v1/signals",
        "[{\"path\":\"Vehicle.Parked\",\"value\":true},{\"path\":\"Vehicle.Speed\",\"value\":0}]");
    post("/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":140}]");
    Waits.until("the denial is delivered", Duration.ofSeconds(10), () -> deniedOnly.size() == 1);
    assertEquals("denied", new JsonObject(deniedOnly.get(0)).getString("decision"));
  }
}
