package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.serve.PiccoloServer;
import io.piccolo.gateway.settings.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** publish and events against a real server on a free port. */
class ClientCommandsTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void publishedSamplesAreDecidedAndEventsFollowsTheDecisionsUntilTheServerStops()
      throws Exception {
    List<DecidedAction> decided = new CopyOnWriteArrayList<>();
    PiccoloServer server =
        new PiccoloServer(
            new RuleBaseBuilder()
                .addDrl(
                    new RuleSource(
                        "fast.drl",
                        "package p;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number >"
                            + " 100) then actions.request(\"launch\", \"warning\", Map.of()); end\n"))
                .build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults().with(Settings.SERVE_PORT, 0, "test"),
            decided::addAll,
            new PrintWriter(new StringWriter()));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + server.port();
    CompletableFuture<Cli> events =
        CompletableFuture.supplyAsync(() -> Cli.run("events", "--server", url));
    Waits.until(
        "the events command is subscribed",
        Duration.ofSeconds(10),
        () -> metricsSay(url, "piccolo_events_subscribers 1.0"));
    Cli published =
        Cli.run(
            "publish", "--server", url, "Vehicle.Speed=130", "Vehicle.Body.Trunk.Rear.IsOpen=true");
    assertEquals(0, published.exitCode(), published::toString);
    assertEquals("published 2 sample(s)\n", published.out());
    Waits.until("the decision is made", Duration.ofSeconds(10), () -> decided.size() == 1);
    Waits.until(
        "the decision is streamed",
        Duration.ofSeconds(10),
        () ->
            metricsSay(url, "piccolo_requests_total{action=\"launch\",decision=\"allowed\"} 1.0"));
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Cli followed = events.get(30, TimeUnit.SECONDS);
    assertEquals(0, followed.exitCode(), followed::toString);
    assertTrue(
        followed.out().startsWith("{\"time\":")
            && followed.out().contains("\"target\":\"warning\""),
        followed::toString);
  }

  @Test
  @Timeout(60)
  void eventsPrintsDecisionsOnlyWhenRuleReloadsShareTheStream() throws Exception {
    java.nio.file.Path rules = java.nio.file.Files.createDirectories(dir.resolve("rules"));
    String fast =
        "package p;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
            + " actions.request(\"launch\", \"warning\", Map.of()); end\n";
    java.nio.file.Files.writeString(rules.resolve("fast.drl"), fast);
    List<DecidedAction> decided = new CopyOnWriteArrayList<>();
    PiccoloServer server =
        new PiccoloServer(
            new RuleBaseBuilder().addDrl(new RuleSource("fast.drl", fast)).build(),
            new io.piccolo.gateway.serve.ReloadableRules(
                List.of(rules),
                (set, earlier) -> RuleLoading.compile(set, earlier, Settings.defaults()),
                false),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults().with(Settings.SERVE_PORT, 0, "test"),
            decided::addAll,
            new PrintWriter(new StringWriter()));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + server.port();
    CompletableFuture<Cli> events =
        CompletableFuture.supplyAsync(() -> Cli.run("events", "--server", url));
    Waits.until(
        "the events command is subscribed",
        Duration.ofSeconds(10),
        () -> metricsSay(url, "piccolo_events_subscribers 1.0"));
    java.net.http.HttpResponse<String> reloaded =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url + "/api/v1/rules/fast.drl"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(fast + "// reviewed\n"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reloaded.statusCode(), reloaded.body());
    assertEquals(0, Cli.run("publish", "--server", url, "Vehicle.Speed=130").exitCode());
    Waits.until("the decision is made", Duration.ofSeconds(10), () -> decided.size() == 1);
    Waits.until(
        "the decision is streamed",
        Duration.ofSeconds(10),
        () ->
            metricsSay(url, "piccolo_requests_total{action=\"launch\",decision=\"allowed\"} 1.0"));
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Cli followed = events.get(30, TimeUnit.SECONDS);
    assertEquals(0, followed.exitCode(), followed::toString);
    assertEquals(1, followed.outLines().length, followed::toString);
    assertTrue(followed.out().contains("\"target\":\"warning\""), followed::toString);
  }

  private static boolean metricsSay(String url, String line) throws Exception {
    String text =
        new String(
            new java.net.URL(url + "/metrics").openStream().readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    return text.contains(line);
  }

  @Test
  void aServerThatIsNotThereIsNamedWithWhatToCheck() {
    Cli cli = Cli.run("publish", "--server", "http://127.0.0.1:1", "Vehicle.Speed=1");
    assertEquals(1, cli.exitCode(), cli::toString);
    assertEquals(
        "piccolo: http://127.0.0.1:1: connection refused; is piccolo serve running there?\n",
        cli.err());
  }

  @Test
  void aSampleWithoutAValueIsBadInput() {
    Cli cli = Cli.run("publish", "--server", "http://127.0.0.1:1", "Vehicle.Speed");
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(cli.err().contains("'Vehicle.Speed' is not PATH=VALUE"), cli::toString);
  }

  @Test
  @Timeout(60)
  void applyGetHistoryAndDeleteTalkToARunningServer() throws Exception {
    PiccoloServer server =
        new PiccoloServer(
            new RuleBaseBuilder().build(),
            StateStores.file(dir.resolve("served.json")),
            Settings.defaults().with(Settings.SERVE_PORT, 0, "test"),
            round -> {},
            new PrintWriter(new StringWriter()));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + server.port();
    try {
      Path file = dir.resolve("fast.yaml");
      java.nio.file.Files.writeString(file, SpeedWarningArtifacts.YAML);
      Cli applied = Cli.run("apply", "-f", file.toString(), "--server", url);
      assertEquals(0, applied.exitCode(), applied::toString);
      assertEquals("applied 3 artifact(s) on the server at " + url + "\n", applied.out());
      Cli again = Cli.run("apply", "-f", file.toString(), "--server", url);
      assertEquals(0, again.exitCode(), again::toString);

      Cli listed = Cli.run("get", "scenarios", "--server", url);
      assertEquals(0, listed.exitCode(), listed::toString);
      assertTrue(listed.out().contains("2        too-fast"), listed::toString);
      Cli one = Cli.run("get", "Scenario", "too-fast", "--server", url);
      assertTrue(one.out().contains("name: too-fast"), one::toString);
      Cli history = Cli.run("history", "Scenario", "too-fast", "--server", url);
      assertTrue(
          history.out().contains("2        too-fast")
              && history.out().contains("1        too-fast"),
          history::toString);

      Cli deleted = Cli.run("delete", "-f", file.toString(), "--server", url);
      assertEquals(0, deleted.exitCode(), deleted::toString);
      Cli gone = Cli.run("get", "Scenario", "too-fast", "--server", url);
      assertEquals(1, gone.exitCode(), gone::toString);
      assertTrue(gone.err().contains("Scenario/too-fast is not on the server at"), gone::toString);

      Cli both =
          Cli.run("get", "scenarios", "--server", url, "--store", dir.resolve("x.json").toString());
      assertEquals(2, both.exitCode(), both::toString);
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(60)
  void aStoreFileHeldByARunningServeIsNamedInsteadOfWaitedForForever() throws Exception {
    Path file = dir.resolve("held.json");
    try (io.piccolo.connectors.store.StateStore held = StateStores.file(file)) {
      Cli cli = Cli.run("get", "scenarios", "--store", file.toString());
      assertEquals(
          2, cli.exitCode(), cli::toString); // as every local store file that cannot be used
      assertTrue(
          cli.err().contains("is in use by another piccolo process")
              && cli.err().contains("--server URL"),
          cli::toString);
    }
  }
}
