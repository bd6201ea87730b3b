package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.gateway.serve.PiccoloServer;
import io.piccolo.gateway.settings.SettingsFile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on a free port whose settings file holds keys made with {@code piccolo keys add},
 * talked to with the Vert.x web client: every role against the endpoints it may and may not use.
 */
@Timeout(120)
class SecuredServeTest {
  static final String FAST =
      "package p;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"warning\", Map.of()); end\n";

  static final String ARTIFACTS = SpeedWarningArtifacts.YAML;

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  private final StringWriter log = new StringWriter();
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private PiccoloServer server;
  private WebClient client;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    vertx.close().await();
  }

  /** A settings file with these lines and one key per role, made by piccolo keys add. */
  Path config(String settings) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            "serve.port: 0\naudit.file: " + dir.resolve("audit.jsonl") + "\n" + settings);
    for (String role : List.of("viewer", "operator", "rule-author", "admin")) {
      Cli added =
          Cli.run("keys", "add", role + "-key", "--role", role, "--config", config.toString());
      assertEquals(0, added.exitCode(), added::toString);
      secrets.put(role, added.out().strip());
    }
    return config;
  }

  private void serve(Path config, String rules) throws Exception {
    server =
        new PiccoloServer(
            new RuleBaseBuilder().addDrl(new RuleSource("fast.drl", rules)).build(),
            StateStores.file(dir.resolve("store.json")),
            SettingsFile.read(config),
            decided::addAll,
            new PrintWriter(log, true));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.port()));
  }

  private HttpResponse<Buffer> send(String role, HttpMethod method, String path, String body) {
    HttpRequest<Buffer> request = client.request(method, path).host("127.0.0.1");
    if (role != null) {
      request.bearerTokenAuthentication(secrets.getOrDefault(role, role));
    }
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await();
  }

  private record Endpoint(HttpMethod method, String path, String body, int allowed) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(HttpMethod.GET, "/api/v1/scenarios", null, 200),
          new Endpoint(HttpMethod.GET, "/metrics", null, 200),
          new Endpoint(
              HttpMethod.POST,
              "/api/v1/signals",
              "[{\"path\": \"Vehicle.Speed\", \"value\": 1}]",
              202),
          new Endpoint(HttpMethod.POST, "/api/artifact", ARTIFACTS, 200),
          new Endpoint(HttpMethod.DELETE, "/api/v1/scenarios/too-fast", null, 204),
          // let through to the rules API, which has no rule files to change on this server
          new Endpoint(HttpMethod.PUT, "/api/v1/rules/speeding.drl", "package p;", 409),
          // no row in the access table: changes need admin
          new Endpoint(HttpMethod.POST, "/api/v2/anything", "{}", 404));

  /** Which roles may use each endpoint above, by its index. */
  private static final Map<String, List<Integer>> ALLOWED =
      Map.of(
          "viewer", List.of(0, 1),
          "operator", List.of(0, 1, 2, 3, 4),
          "rule-author", List.of(0, 1, 5),
          "admin", List.of(0, 1, 2, 3, 4, 5, 6));

  @Test
  void eachRoleMayUseItsEndpointsAndIsRefusedTheOthersWith403NamingTheRole() throws Exception {
    serve(config(""), FAST);
    List<String> wrong = new ArrayList<>();
    for (String role : List.of("viewer", "rule-author", "operator", "admin")) {
      for (int i = 0; i < ENDPOINTS.size(); i++) {
        Endpoint e = ENDPOINTS.get(i);
        if (e.method() == HttpMethod.DELETE) {
          send("admin", HttpMethod.POST, "/api/artifact", ARTIFACTS); // something to delete
        }
        HttpResponse<Buffer> answer = send(role, e.method(), e.path(), e.body());
        boolean allowed = ALLOWED.get(role).contains(i);
        int expected = allowed ? e.allowed() : 403;
        if (answer.statusCode() != expected) {
          wrong.add(role + " " + e + ": " + answer.statusCode() + " " + answer.bodyAsString());
        } else if (!allowed) {
          String problem = answer.bodyAsString();
          if (!"application/problem+json".equals(answer.getHeader("Content-Type"))
              || !problem.contains("needs role ")
              || !problem.contains("key '" + role + "-key' has role " + role)) {
            wrong.add(role + " " + e + ": " + problem);
          }
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void withoutAKeyOrWithAnUnknownOneEveryProtectedEndpointIs401AndHealthStaysOpen()
      throws Exception {
    serve(config(""), FAST);
    for (Endpoint e : ENDPOINTS) {
      HttpResponse<Buffer> none = send(null, e.method(), e.path(), e.body());
      assertEquals(401, none.statusCode(), e + ": " + none.bodyAsString());
      assertEquals("Bearer realm=\"piccolo\"", none.getHeader("WWW-Authenticate"));
      assertEquals("application/problem+json", none.getHeader("Content-Type"));
      assertTrue(none.bodyAsString().contains("needs an API key with role "), none.bodyAsString());
      HttpResponse<Buffer> unknown = send("piccolo_not-a-key", e.method(), e.path(), e.body());
      assertEquals(401, unknown.statusCode(), e + ": " + unknown.bodyAsString());
      assertEquals(
          "Bearer realm=\"piccolo\", error=\"invalid_token\"",
          unknown.getHeader("WWW-Authenticate"));
      assertTrue(unknown.bodyAsString().contains("unknown API key"), unknown.bodyAsString());
    }
    assertTrue(
        send(null, HttpMethod.POST, "/api/v1/signals", "[]")
            .bodyAsString()
            .contains("\"required\":\"operator\""));
    assertEquals(200, send(null, HttpMethod.GET, "/health/live", null).statusCode());
    assertEquals(200, send(null, HttpMethod.GET, "/health/ready", null).statusCode());
    assertEquals(0, decided.size());
  }

  @Test
  void metricsCanBeOpenedBySetting() throws Exception {
    serve(config("serve.metrics-access: open\n"), FAST);
    assertEquals(200, send(null, HttpMethod.GET, "/metrics", null).statusCode());
    assertEquals(401, send(null, HttpMethod.GET, "/api/v1/scenarios", null).statusCode());
  }

  @Test
  void aKeyPastItsRateIsAnswered429WithRetryAfterAndServedAgainLater() throws Exception {
    serve(config("serve.rate-limit:\n  rate: 1\n  burst: 2\n"), FAST);
    assertEquals(200, send("viewer", HttpMethod.GET, "/api/v1/scenarios", null).statusCode());
    assertEquals(200, send("viewer", HttpMethod.GET, "/api/v1/scenarios", null).statusCode());
    HttpResponse<Buffer> limited = send("viewer", HttpMethod.GET, "/api/v1/scenarios", null);
    assertEquals(429, limited.statusCode(), limited.bodyAsString());
    assertEquals("1", limited.getHeader("Retry-After"));
    assertEquals("application/problem+json", limited.getHeader("Content-Type"));
    assertTrue(limited.bodyAsString().contains("key 'viewer-key' sent more requests"));
    assertEquals(
        200,
        send("admin", HttpMethod.GET, "/api/v1/scenarios", null).statusCode(),
        "another key has a bucket of its own");
    Waits.until(
        "the key is served again",
        Duration.ofSeconds(10),
        () -> send("viewer", HttpMethod.GET, "/api/v1/scenarios", null).statusCode() == 200);
    String metrics = send("admin", HttpMethod.GET, "/metrics", null).bodyAsString();
    assertTrue(
        metrics.contains("piccolo_http_rate_limited_total{key=\"operator-key\"} 0.0"),
        "registered at zero for every key");
    assertTrue(
        metrics
            .lines()
            .filter(l -> l.startsWith("piccolo_http_rate_limited_total{key=\"viewer-key\"}"))
            .anyMatch(l -> !l.endsWith(" 0.0")),
        metrics);
  }

  @Test
  void aKeysOwnRateWinsOverTheServersSetting() throws Exception {
    Path config = config("serve.rate-limit:\n  rate: 1000\n  burst: 1000\n");
    Cli slow = Cli.run("keys", "add", "slow", "--role", "viewer", "--config", config.toString());
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "  slow:\n    role: viewer\n",
                "  slow:\n    role: viewer\n    rate: 1\n    burst: 1\n"));
    secrets.put("slow", slow.out().strip());
    serve(config, FAST);
    assertEquals(200, send("slow", HttpMethod.GET, "/api/v1/scenarios", null).statusCode());
    assertEquals(429, send("slow", HttpMethod.GET, "/api/v1/scenarios", null).statusCode());
    assertEquals(200, send("viewer", HttpMethod.GET, "/api/v1/scenarios", null).statusCode());
  }

  @Test
  void aBodyOverTheLimitIsAnswered413ForAKeyThatMaySendItAndRefusedUnreadOtherwise()
      throws Exception {
    serve(config("serve.body-limit: 1KiB\n"), FAST);
    String big = "[" + "{\"path\": \"Vehicle.Speed\", \"value\": 1},".repeat(100) + "]";
    HttpResponse<Buffer> answer = send("operator", HttpMethod.POST, "/api/v1/signals", big);
    assertEquals(413, answer.statusCode(), answer.bodyAsString());
    assertTrue(answer.bodyAsString().contains("serve.body-limit"), answer.bodyAsString());
    assertEquals(
        401,
        send(null, HttpMethod.POST, "/api/v1/signals", big).statusCode(),
        "the key is checked before the body is read");
    assertEquals(
        403,
        send("viewer", HttpMethod.POST, "/api/v1/signals", big).statusCode(),
        "and so is its role");
  }

  @Test
  void artifactChangesAndDecisionsAreAuditedWithWhoAndWhen() throws Exception {
    serve(config(""), FAST);
    assertEquals(200, send("operator", HttpMethod.POST, "/api/artifact", ARTIFACTS).statusCode());
    assertEquals(
        400,
        send("operator", HttpMethod.POST, "/api/v1/scenarios", "kind: Scenario\n").statusCode());
    assertEquals(
        204, send("admin", HttpMethod.DELETE, "/api/v1/scenarios/too-fast", null).statusCode());
    assertEquals(
        202,
        send(
                "operator",
                HttpMethod.POST,
                "/api/v1/signals",
                "[{\"path\": \"Vehicle.Speed\", \"value\": 130}]")
            .statusCode());
    Path audit = dir.resolve("audit.jsonl");
    Waits.until(
        "the decision is audited",
        Duration.ofSeconds(10),
        () -> Files.readString(audit).contains("\"action\":\"action.decided\""));
    String lines = Files.readString(audit);
    assertTrue(
        lines.contains(
            "\"who\":\"operator-key\",\"action\":\"artifact.apply\",\"what\":\"Scenario/too-fast"
                + " version 1\",\"result\":\"ok\""),
        lines);
    assertTrue(
        lines.contains(
            "\"who\":\"operator-key\",\"action\":\"artifact.apply\",\"what\":\"request body\","
                + "\"result\":\"refused: "),
        lines);
    assertTrue(
        lines.contains(
            "\"who\":\"admin-key\",\"action\":\"artifact.delete\",\"what\":\"Scenario/too-fast\","
                + "\"result\":\"ok\""),
        lines);
    assertTrue(
        lines.contains(
            "\"action\":\"action.decided\",\"what\":\"launch warning (scenario fast, rule fast)\","
                + "\"result\":\"allowed"),
        lines);
    for (String line : lines.split("\n")) {
      assertTrue(line.matches("\\{\"time\":\"20\\d\\d-[^\"]+Z\",\"who\":.*"), line);
    }
  }

  @Test
  void withoutKeysServeRefusesAnAddressOtherThanLoopback() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "serve.host: 0.0.0.0\n");
    Cli cli =
        Cli.run("serve", "--config", empty.toString(), "--store", dir.resolve("s.json").toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .startsWith(
                "piccolo: serve.host 0.0.0.0 (from "
                    + empty
                    + ":1) is not a loopback address, and there are no API keys"),
        cli::toString);
    Cli flag =
        Cli.run(
            "serve",
            "--config",
            "/dev/null",
            "--host",
            "0.0.0.0",
            "--store",
            dir.resolve("s.json").toString());
    assertEquals(2, flag.exitCode(), flag::toString);
    assertTrue(flag.err().contains("(from --host)"), flag::toString);
    assertTrue(!Files.exists(dir.resolve("s.json")), "nothing was opened");
  }

  @Test
  void withoutKeysTheLoopbackServerNeedsNoKeyAndAuditsAsLocal() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            "serve.port: 0\naudit.file: " + dir.resolve("audit.jsonl") + "\n");
    serve(config, FAST);
    assertEquals(0, server.keyCount());
    assertEquals(200, send(null, HttpMethod.POST, "/api/artifact", ARTIFACTS).statusCode());
    Waits.until(
        "the change is audited",
        Duration.ofSeconds(10),
        () ->
            Files.exists(dir.resolve("audit.jsonl"))
                && Files.readString(dir.resolve("audit.jsonl"))
                    .contains("\"who\":\"local\",\"action\":\"artifact.apply\""));
    assertNotEquals(401, send(null, HttpMethod.GET, "/metrics", null).statusCode());
  }
}
