package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.SharedData;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.connectors.vss.VssCatalogue;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples of paths nothing reads, on a real server: accepted, counted and warned about once per
 * path; checked against a VSS catalogue, and refused outside it when strict.
 */
@Timeout(90)
class SignalPathsTest {
  private static final String RULES =
      "package p;\n"
          + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n"
          + "rule \"gear\" when Signal(path == \"Vehicle.Powertrain.Transmission.CurrentGear\","
          + " number < 0) then actions.request(\"launch\", \"camera\", Map.of()); end\n";
  private static final String UNKNOWN = "piccolo_signals_unknown_total";
  private static final String MEDIA = "Vehicle.Cabin.Infotainment.Media.Action";

  @TempDir Path dir;
  private final Vertx client = Vertx.vertx();

  @AfterEach
  void closeClient() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private LiveServer serve(VssCatalogue catalogue, boolean strict) throws Exception {
    return new LiveServer(
        RULES,
        StateStores.file(dir.resolve("store.json")),
        Settings.defaults().with(Settings.AUDIT_FILE, dir.resolve("audit.jsonl"), "test"),
        server -> server.checkSignalsAgainst(catalogue, strict));
  }

  private static VssCatalogue catalogue() throws Exception {
    return VssCatalogue.load(SharedData.require("vss/vss_release_6.0.json"));
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static JsonObject status(LiveServer live, Vertx vertx) throws Exception {
    try (StreamClient ws = new StreamClient(vertx, live.server.port())) {
      return ws.result("rules.status", null);
    }
  }

  @Test
  void samplesOfPathsNoRuleReadsAreAcceptedCountedAndWarnedAboutOncePerPath() throws Exception {
    try (LiveServer live = serve(null, false)) {
      assertEquals(0.0, live.metric(UNKNOWN), "registered at zero");
      HttpResponse<String> posted =
          live.post(
              "/api/v1/signals",
              "[{\"path\":\"Vehicle.Speed\",\"value\":1},{\"path\":\"Vehicle.Nope\",\"value\":1},"
                  + "{\"path\":\"Vehicle.Nope\",\"value\":2}]");
      assertEquals(202, posted.statusCode(), posted.body());
      assertEquals("{\"accepted\":3}", posted.body().strip());
      assertEquals(2.0, live.metric(UNKNOWN));
      assertEquals(
          202,
          live.post("/api/v1/signals", "[{\"path\":\"Vehicle.Nope\",\"value\":3}]").statusCode());
      assertEquals(3.0, live.metric(UNKNOWN));
      assertEquals(
          1,
          count(
              live.log.toString(), "warning: signal 'Vehicle.Nope' is read by no rule or scenario"),
          live.log.toString());
      assertTrue(!live.log.toString().contains("'Vehicle.Speed'"), live.log.toString());
      JsonObject samples = status(live, client).getJsonObject("samples");
      assertEquals(3L, samples.getLong("unknown"), samples::encode);
      assertEquals(4L, samples.getLong("accepted"), samples::encode);
    }
  }

  @Test
  void aPathAScenarioAppliedWhileServingReadsIsNoLongerUnknown() throws Exception {
    try (LiveServer live = serve(null, false)) {
      String door = "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen";
      HttpResponse<String> applied =
          live.post(
              "/api/artifact",
              "kind: Scenario\nmetadata: {name: door-open}\nspec:\n"
                  + "  when: {signal: "
                  + door
                  + ", op: eq, value: true}\n"
                  + "  action: launch\n  target: app\n---\n"
                  + "kind: Package\nmetadata: {name: app}\nspec:\n  models: [{name: app, node: HPC}]\n"
                  + "---\nkind: Model\nmetadata: {name: app}\nspec:\n"
                  + "  containers: [{name: c, image: i}]\n");
      assertEquals(200, applied.statusCode(), applied.body());
      Waits.until(
          "a sample of the scenario's path is not counted as unknown",
          Duration.ofSeconds(10),
          () -> {
            double before = live.metric(UNKNOWN);
            live.post("/api/v1/signals", "[{\"path\":\"" + door + "\",\"value\":false}]");
            return live.metric(UNKNOWN) == before;
          });
    }
  }

  @Test
  void theWarnedPathsAreBoundedAndTheLogSaysWhenTheBoundIsReached() throws Exception {
    try (LiveServer live = serve(null, false)) {
      int paths = UnknownSignals.REMEMBERED + 5;
      JsonArray samples = new JsonArray();
      for (int i = 0; i < paths; i++) {
        samples.add(new JsonObject().put("path", "Vehicle.Random" + i).put("value", i));
      }
      assertEquals(202, live.post("/api/v1/signals", samples.encode()).statusCode());
      assertEquals(
          202,
          live.post("/api/v1/signals", "[{\"path\":\"Vehicle.Late\",\"value\":1}]").statusCode());
      String log = live.log.toString();
      assertEquals(UnknownSignals.REMEMBERED, count(log, "is read by no rule or scenario"));
      assertEquals(
          1,
          count(
              log,
              UnknownSignals.REMEMBERED
                  + " unknown signal paths were warned about; later ones are counted but no longer"
                  + " warned about"),
          () -> log.substring(log.length() - 500));
      assertTrue(!log.contains("'Vehicle.Late'"));
      assertEquals(paths + 1.0, live.metric(UNKNOWN), "every sample is counted all the same");
    }
  }

  @Test
  void withACatalogueItsSignalsAreKnownAndValuesTheyCannotTakeAreWarnedAbout() throws Exception {
    try (LiveServer live = serve(catalogue(), false)) {
      HttpResponse<String> posted =
          live.post(
              "/api/v1/signals",
              "[{\"path\":\""
                  + MEDIA
                  + "\",\"value\":\"JUMP\"},"
                  + "{\"path\":\"Vehicle.Sped\",\"value\":1},"
                  + "{\"path\":\"Vehicle.Powertrain.Transmission.CurrentGear\",\"value\":500}]");
      assertEquals(202, posted.statusCode(), posted.body());
      assertEquals(1.0, live.metric(UNKNOWN), "the catalogue names the media action");
      String log = live.log.toString();
      assertTrue(
          log.contains(
              "warning: signal 'Vehicle.Sped' is read by no rule or scenario and is not in the VSS"
                  + " catalogue (did you mean 'Vehicle.Speed'?)"),
          log);
      assertTrue(
          log.contains(
              "warning: value 'JUMP' for '" + MEDIA + "': not one of the signal's allowed values"),
          log);
      assertTrue(
          log.contains(
              "warning: value 500 for 'Vehicle.Powertrain.Transmission.CurrentGear': outside the"
                  + " signal's range -128 to 127 (int8); taken all the same"),
          "a path a rule reads is checked too: " + log);
    }
  }

  @Test
  void strictWithACatalogueRefusesASampleOutsideItAndQueuesNothingOfItsRequest() throws Exception {
    try (LiveServer live = serve(catalogue(), true)) {
      HttpResponse<String> typo =
          live.post(
              "/api/v1/signals",
              "[{\"path\":\"Vehicle.Speed\",\"value\":1},{\"path\":\"Vehicle.Sped\",\"value\":1}]");
      assertEquals(422, typo.statusCode(), typo.body());
      JsonObject problem = new JsonObject(typo.body());
      assertEquals("[1].path", problem.getString("field"));
      assertEquals(
          "[1].path: signal 'Vehicle.Sped' is not in the VSS catalogue (did you mean"
              + " 'Vehicle.Speed'?); serve runs with --strict, so only the catalogue's signals are"
              + " taken; nothing was queued",
          problem.getString("detail"));
      HttpResponse<String> value =
          live.post("/api/v1/signals", "[{\"path\":\"" + MEDIA + "\",\"value\":\"JUMP\"}]");
      assertEquals(422, value.statusCode(), value.body());
      assertEquals("[0].value", new JsonObject(value.body()).getString("field"));
      assertTrue(value.body().contains("not one of the signal's allowed values"), value.body());
      try (StreamClient ws = new StreamClient(client, live.server.port())) {
        JsonObject batch =
            ws.call(
                "signal.publish",
                new JsonObject()
                    .put(
                        "samples",
                        new JsonArray()
                            .add(new JsonObject().put("path", "Vehicle.Speed").put("value", 1))
                            .add(new JsonObject().put("path", "Vehicle.Sped").put("value", 1))));
        JsonObject error = batch.getJsonObject("error");
        assertEquals(-32602, error.getInteger("code"), batch::encode);
        assertEquals("samples[1].path", error.getJsonObject("data").getString("field"));
        assertTrue(
            error.getJsonObject("data").getString("problem").contains("(did you mean"),
            batch::encode);
        JsonObject one =
            ws.call("signal.publish", new JsonObject().put("path", "Vehicle.Sped").put("value", 1));
        assertEquals("path", one.getJsonObject("error").getJsonObject("data").getString("field"));
        assertEquals(
            1,
            ws.result("signal.publish", new JsonObject().put("path", MEDIA).put("value", "PLAY"))
                .getInteger("accepted"));
        JsonObject samples = ws.result("rules.status", null).getJsonObject("samples");
        assertEquals(1L, samples.getLong("accepted"), "nothing of a refused request: " + samples);
        assertEquals(0L, samples.getLong("unknown"), samples::encode);
      }
    }
  }
}
