package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.settings.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a running server: every expression of the dashboard returns data, and
 * promtool accepts the alert rules. Grafana itself is not installable here.
 */
class DashboardsTest {
  private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private static String require(String command) {
    for (String folder : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(folder, command))) {
        return Path.of(folder, command).toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/bin", command))) {
      return "/usr/bin/" + command;
    }
    fail(
        command
            + " is not installed: run scripts/install-prometheus.sh (Debian: apt-get install prometheus)");
    return null;
  }

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    Process check =
        new ProcessBuilder(
                require("promtool"),
                "check",
                "rules",
                DOCS.resolve("prometheus/alerts.yml").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, check.waitFor(), out);
    assertTrue(out.contains("SUCCESS"), out);
  }

  @Test
  @Timeout(180)
  void everyDashboardExpressionReturnsDataFromAScrapedServer() throws Exception {
    String rules =
        "package p;\n"
            + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
            + " actions.request(\"launch\", \"warning\", Map.of()); end\n"
            + "rule \"breaks\" when Signal(path == \"Vehicle.Speed\", number < 0) then"
            + " Integer.parseInt(\"x\"); end\n";
    PiccoloServer server =
        new PiccoloServer(
            new RuleBaseBuilder().addDrl(new RuleSource("live.drl", rules)).build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults().with(Settings.SERVE_PORT, 0, "test"),
            round -> {},
            new PrintWriter(new StringWriter()));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    int prometheusPort;
    try (ServerSocket free = new ServerSocket(0)) {
      prometheusPort = free.getLocalPort();
    }
    Files.writeString(
        dir.resolve("prometheus.yml"),
        Files.readString(DOCS.resolve("prometheus/prometheus.yml"))
            .replace("scrape_interval: 5s", "scrape_interval: 1s")
            .replace("127.0.0.1:47099", "127.0.0.1:" + server.port()));
    Files.copy(DOCS.resolve("prometheus/alerts.yml"), dir.resolve("alerts.yml"));
    Process prometheus =
        new ProcessBuilder(
                require("prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    String base = "http://127.0.0.1:" + prometheusPort;
    String piccolo = "http://127.0.0.1:" + server.port();
    List<String> empty = new ArrayList<>();
    try {
      Waits.until(
          "Prometheus is ready", Duration.ofSeconds(30), () -> status(base + "/-/ready") == 200);
      // traffic for every panel: decisions, a refused request, a failing rule, a subscriber
      HttpResponse<java.io.InputStream> subscriber =
          http.send(
              HttpRequest.newBuilder(URI.create(piccolo + "/api/v1/events")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      post(piccolo, "[{\"path\":\"Vehicle.Speed\",\"value\":-1}]");
      post(piccolo, "not json");
      List<String> expressions = expressions();
      empty.addAll(expressions);
      Waits.until(
          "every dashboard expression returns data",
          Duration.ofSeconds(90),
          () -> {
            for (double speed : new double[] {0, 130}) {
              post(piccolo, "[{\"path\":\"Vehicle.Speed\",\"value\":" + speed + "}]");
            }
            empty.removeIf(e -> hasData(base, e));
            return empty.isEmpty();
          });
      assertTrue(expressions.size() >= 10, "the dashboard has its panels: " + expressions);
      subscriber.body().close();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      fail(
          e.getMessage()
              + "\nExpressions without data: "
              + empty
              + "\nPrometheus log:\n"
              + Files.readString(dir.resolve("prometheus.log")));
    } finally {
      prometheus.destroy();
      prometheus.waitFor(10, TimeUnit.SECONDS);
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> expressions() throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode panel :
        JSON.readTree(DOCS.resolve("dashboards/piccolo.json").toFile()).get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        out.add(target.get("expr").asText());
      }
    }
    return out;
  }

  private boolean hasData(String base, String expression) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          base
                              + "/api/v1/query?query="
                              + URLEncoder.encode(expression, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(answer.body());
      return "success".equals(body.path("status").asText())
          && body.path("data").path("result").size() > 0
          && !body.path("data").path("result").get(0).path("value").get(1).asText().equals("NaN");
    } catch (Exception e) {
      return false;
    }
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private void post(String piccolo, String body) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(piccolo + "/api/v1/signals"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
