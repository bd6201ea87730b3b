package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.security.Access;
import io.piccolo.gateway.security.ApiKey;
import io.piccolo.gateway.security.ApiKeys;
import io.piccolo.gateway.security.KeySecrets;
import io.piccolo.gateway.security.Role;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stream methods checked against the role of the key the connection opened with. */
@Timeout(60)
class StreamKeysTest {
  private final String viewer = KeySecrets.newSecret();
  private final String operator = KeySecrets.newSecret();
  private final Vertx client = Vertx.vertx();
  @TempDir Path dir;
  private PiccoloServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new PiccoloServer(
            new RuleBaseBuilder()
                .addDrl(
                    new RuleSource(
                        "fast.drl",
                        "package p;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number >"
                            + " 100) then actions.request(\"launch\", \"warning\", Map.of()); end\n"))
                .build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults()
                .with(Settings.SERVE_PORT, 0, "test")
                .with(Settings.AUDIT_FILE, dir.resolve("audit.jsonl"), "test")
                .with(
                    Settings.KEYS,
                    new ApiKeys(
                        List.of(
                            new ApiKey("dashboard", Role.VIEWER, KeySecrets.hash(viewer)),
                            new ApiKey("ingest", Role.OPERATOR, KeySecrets.hash(operator)))),
                    "test"),
            round -> {},
            new PrintWriter(new StringWriter(), true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private StreamClient connect(String key) throws Exception {
    return new StreamClient(client, server.port(), new WebSocketClientOptions(), key);
  }

  @Test
  void aViewerKeyFollowsEventsButMayNotPublishAndAnOperatorKeyMay() throws Exception {
    try (StreamClient watching = connect(viewer)) {
      watching.result(
          "events.subscribe", new JsonObject().put("kinds", new JsonArray().add("decision")));
      watching.result("rules.status", null);
      JsonObject refused =
          watching.call(
              "signal.publish", new JsonObject().put("path", "Vehicle.Speed").put("value", 130));
      JsonObject error = refused.getJsonObject("error");
      assertEquals(-32003, error.getInteger("code"), refused::encode);
      assertEquals("operator", error.getJsonObject("data").getString("role"));
      assertEquals(
          "signal.publish needs role operator (or admin); key 'dashboard' has role viewer",
          error.getJsonObject("data").getString("problem"));
      try (StreamClient ingest = connect(operator)) {
        assertEquals(
            new JsonObject().put("accepted", 1),
            ingest.result(
                "signal.publish", new JsonObject().put("path", "Vehicle.Speed").put("value", 130)));
      }
      org.awaitility.Awaitility.await("the viewer sees the decision")
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> !watching.notifications.isEmpty());
    }
  }

  @Test
  void aHandshakeWithoutAKeyIsRefused401() throws Exception {
    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> connect(null));
    assertTrue(refused.getCause() instanceof UpgradeRejectedException, refused::toString);
    assertEquals(401, ((UpgradeRejectedException) refused.getCause()).getStatus());
  }

  @Test
  void eachMethodDeclaresTheRoleTheAccessTableGivesIt() {
    StreamApi stream =
        new StreamApi(
            null,
            null,
            new SampleReader(100, 100, null),
            new ServeStatus(null, null, null, null, null, java.util.Map::of),
            MethodGuard.ROLES,
            1024,
            1024,
            1024,
            java.time.Duration.ofSeconds(30),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    var roles = stream.dispatcher().roles();
    assertEquals(4, roles.size(), roles::toString);
    roles.forEach((method, role) -> assertEquals(Access.requiredForCall(method), role, method));
  }
}
