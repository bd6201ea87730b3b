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
}
