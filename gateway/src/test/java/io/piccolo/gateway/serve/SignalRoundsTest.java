package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.gateway.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples of one path that share an evaluation round: each one's SignalEvent is inserted, and the
 * Signal fact (and every scenario condition) ends at the last value, as docs/api.md says.
 */
@Timeout(60)
class SignalRoundsTest {
  private static final String RULES =
      "package p;\n"
          + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n"
          + "rule \"each sample\" when SignalEvent(path == \"Vehicle.Speed\", $v : number) then"
          + " actions.request(\"update\", \"sample-\" + (long) $v, Map.of()); end\n"
          + "rule \"last value\" when Signal(path == \"Vehicle.Speed\", $v : number) then"
          + " actions.request(\"update\", \"last-\" + (long) $v, Map.of()); end\n";

  @TempDir Path dir;

  @Test
  void samplesOfOneRoundEachInsertTheirEventAndTheSignalEndsAtTheLastValue() throws Exception {
    try (LiveServer live =
        new LiveServer(
            RULES,
            StateStores.file(dir.resolve("store.json")),
            // wide enough that the three samples of one body surely share a round
            Settings.defaults().with(Settings.BATCH_LATENCY, Duration.ofMillis(500), "test"))) {
      assertEquals(
          202,
          live.post(
                  "/api/v1/signals",
                  "[{\"path\":\"Vehicle.Speed\",\"value\":130},{\"path\":\"Vehicle.Speed\",\"value\":20},"
                      + "{\"path\":\"Vehicle.Speed\",\"value\":30}]")
              .statusCode());
      Waits.until("the round is decided", Duration.ofSeconds(10), () -> live.decided.size() >= 4);
      Waits.holdsFor(
          "no other decision follows", Duration.ofMillis(700), () -> live.decided.size() == 4);
      java.util.List<String> targets =
          live.decided.stream().map(DecidedAction::target).sorted().toList();
      assertEquals(java.util.List.of("last-30", "sample-130", "sample-20", "sample-30"), targets);
      assertTrue(
          live.decided.stream().noneMatch(d -> d.target().equals("speed-warning")),
          "130 passed within the round, so the Signal never held it when rules ran");
    }
  }
}
