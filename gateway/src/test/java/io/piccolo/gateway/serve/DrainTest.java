package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.settings.Settings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a server that still has samples queued: what is evaluated, streamed and reported. */
@Timeout(90)
class DrainTest {
  private static String spinning(long iterations) {
    return "package p;\n"
        + "rule \"slow\" when Signal(path == \"Vehicle.Slow\") then long x = 0;"
        + " for (long i = 0; i < "
        + iterations
        + "L; i++) { x = x * 31 + i; }"
        + " if (x == 1) { actions.request(\"never\", \"x\", Map.of()); } end\n"
        + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
        + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n";
  }

  @TempDir Path dir;

  private static Settings settings(Duration drainTimeout) {
    return Settings.defaults()
        .with(Settings.SERVE_DRAIN_TIMEOUT, drainTimeout, "test")
        .with(Settings.ROUND_TIMEOUT, Duration.ofSeconds(60), "test");
  }

  /** Posts a slow sample, then one that waits behind it in the queue. */
  private static void queueBehindASlowRound(LiveServer live) throws Exception {
    assertEquals(
        202,
        live.post("/api/v1/signals", "[{\"path\":\"Vehicle.Slow\",\"value\":1}]").statusCode());
    Waits.until(
        "the slow round runs",
        Duration.ofSeconds(20),
        () ->
            live.metric("piccolo_evaluator_queue") == 0.0
                && live.metric("piccolo_signals_in_total") == 1.0);
    assertEquals(
        202,
        live.post("/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":130}]").statusCode());
    assertEquals(1.0, live.metric("piccolo_evaluator_queue"), "the second sample waits");
  }

  @Test
  void eventSubscribersReceiveTheDecisionsOfTheDrainThenTheirStreamEnds() throws Exception {
    try (LiveServer live =
        new LiveServer(
            spinning(1_500_000_000L),
            StateStores.file(dir.resolve("store.json")),
            settings(Duration.ofSeconds(60)))) {
      List<String> lines = new CopyOnWriteArrayList<>();
      HttpResponse<java.util.stream.Stream<String>> stream =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(live.uri("/api/v1/events")).build(),
                  HttpResponse.BodyHandlers.ofLines());
      CompletableFuture<Void> ended =
          CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
      Waits.until("subscribed", Duration.ofSeconds(10), () -> lines.contains(": subscribed"));
      queueBehindASlowRound(live);
      PiccoloServer.Drained drained = live.stop();
      assertEquals(0, drained.lost(), "nothing was left unevaluated");
      assertTrue(
          drained.evaluated() >= 1, "the queued sample was evaluated in the drain: " + drained);
      ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(
          lines.stream()
              .anyMatch(l -> l.startsWith("data: ") && l.contains("\"target\":\"speed-warning\"")),
          "the drain's decision reached the subscriber before its stream ended: " + lines);
    }
  }

  @Test
  void aDrainThatRunsOutOfTimeSaysHowManySamplesWereNotEvaluated() throws Exception {
    LiveServer live =
        new LiveServer(
            spinning(40_000_000_000L),
            StateStores.file(dir.resolve("store.json")),
            settings(Duration.ofSeconds(1)));
    queueBehindASlowRound(live);
    PiccoloServer.Drained drained = live.stop();
    // the sample of the stuck round and the one queued behind it
    assertEquals(2, drained.lost(), drained.toString());
    assertEquals(0, drained.evaluated());
    assertTrue(
        live.log
            .toString()
            .contains(
                "stopping the evaluator: not done within serve.drain-timeout (1000 ms), left behind"),
        live.log.toString());
  }
}
