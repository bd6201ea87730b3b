package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.gateway.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples of one path that arrive together, in one batch of the evaluator: a new round starts at
 * each repeat of a path whose latest value rules read, so every value is seen, as
 * docs/rule-authoring.md says.
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

  private static final String HORN =
      "kind: Scenario\nmetadata: {name: horn}\nspec:\n"
          + "  when: {signal: Vehicle.Body.Horn.IsActive, op: eq, value: true}\n"
          + "  action: launch\n  target: horn-app\n---\n"
          + "kind: Package\nmetadata: {name: horn-app}\nspec:\n"
          + "  models: [{name: horn-app, node: HPC}]\n---\n"
          + "kind: Model\nmetadata: {name: horn-app}\nspec:\n  containers: [{name: c, image: i}]\n";

  @TempDir Path dir;

  private LiveServer serve() throws Exception {
    return new LiveServer(
        RULES,
        StateStores.file(dir.resolve("store.json")),
        // wide enough that the samples of one body surely share a batch
        Settings.defaults()
            .with(Settings.BATCH_LATENCY, Duration.ofMillis(500), "test")
            .with(Settings.AUDIT_FILE, dir.resolve("audit.jsonl"), "test"));
  }

  @Test
  void aValueThatPassesWithinOneBatchIsSeenByRulesThatReadTheSignal() throws Exception {
    try (LiveServer live = serve()) {
      assertEquals(
          202,
          live.post(
                  "/api/v1/signals",
                  "[{\"path\":\"Vehicle.Speed\",\"value\":130},{\"path\":\"Vehicle.Speed\",\"value\":20},"
                      + "{\"path\":\"Vehicle.Speed\",\"value\":30}]")
              .statusCode());
      Waits.until("the batch is decided", Duration.ofSeconds(10), () -> live.decided.size() >= 7);
      Waits.holdsFor(
          "no other decision follows", Duration.ofMillis(700), () -> live.decided.size() == 7);
      List<String> targets = live.decided.stream().map(DecidedAction::target).sorted().toList();
      assertEquals(
          List.of(
              "last-130",
              "last-20",
              "last-30",
              "sample-130",
              "sample-20",
              "sample-30",
              "speed-warning"),
          targets);
      List<String> inOrder =
          live.decided.stream()
              .map(DecidedAction::target)
              .filter(t -> t.startsWith("last-"))
              .toList();
      assertEquals(List.of("last-130", "last-20", "last-30"), inOrder, "one round per value");
    }
  }

  @Test
  void aPulseWithinOneBatchFiresAnEdgeTriggeredScenario() throws Exception {
    try (LiveServer live = serve()) {
      assertEquals(200, live.post("/api/artifact", HORN).statusCode());
      String pulse =
          "[{\"path\":\"Vehicle.Body.Horn.IsActive\",\"value\":false},"
              + "{\"path\":\"Vehicle.Body.Horn.IsActive\",\"value\":true},"
              + "{\"path\":\"Vehicle.Body.Horn.IsActive\",\"value\":false}]";
      Waits.until(
          "the pulse fires the scenario",
          Duration.ofSeconds(15),
          () -> {
            live.post("/api/v1/signals", pulse);
            return live.decided.stream().anyMatch(d -> d.scenario().equals("horn"));
          });
    }
  }
}
