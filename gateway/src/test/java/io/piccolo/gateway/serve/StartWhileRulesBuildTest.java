package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.settings.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The port opens while the rule base builds; ready, and taking samples, only once it is built. */
@Timeout(60)
class StartWhileRulesBuildTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(int port, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theServerAnswersNotReadyAndRefusesSamplesUntilTheRulesAreBuilt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    CompletableFuture<RuleBase> building = new CompletableFuture<>();
    PiccoloServer server =
        new PiccoloServer(
            building,
            StateStores.file(dir.resolve("store.json")),
            "store",
            Settings.defaults().with(Settings.SERVE_PORT, port, "test"),
            round -> {},
            new PrintWriter(new StringWriter()));
    CompletableFuture<Void> started = server.start().toCompletionStage().toCompletableFuture();
    try {
      Waits.until(
          "the port is open while the rules build",
          Duration.ofSeconds(20),
          () -> {
            try {
              return send(port, "GET", "/health/live", "").statusCode() == 200;
            } catch (java.io.IOException notYet) {
              return false;
            }
          });
      HttpResponse<String> ready = send(port, "GET", "/health/ready", "");
      assertEquals(503, ready.statusCode());
      assertTrue(ready.body().contains("starting: the rules are being built"), ready.body());
      HttpResponse<String> sample =
          send(port, "POST", "/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":1}]");
      assertEquals(503, sample.statusCode(), sample.body());
      assertEquals("1", sample.headers().firstValue("Retry-After").orElse(""));
      assertTrue(!started.isDone(), "not started before the rules are built");

      building.complete(
          new RuleBaseBuilder().addDrl(new RuleSource("live.drl", "package p;\n")).build());
      started.get(30, TimeUnit.SECONDS);
      assertEquals(200, send(port, "GET", "/health/ready", "").statusCode());
      assertEquals(
          202,
          send(port, "POST", "/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":1}]")
              .statusCode());
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
