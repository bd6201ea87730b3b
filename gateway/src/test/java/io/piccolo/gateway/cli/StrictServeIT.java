package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import io.piccolo.connectors.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code piccolo serve --strict --vss FILE} from the packaged jar: samples outside the catalogue
 * are refused, and reloads (uploads and {@code --watch}) refuse what start-up would refuse, with
 * the messages {@code rules check --strict --vss} gives.
 */
class StrictServeIT {
  private static final Path JAR = Path.of("target", "piccolo.jar").toAbsolutePath();
  private static final Pattern READY =
      Pattern.compile("ready in \\d+ ms on (http://127.0.0.1:\\d+)");
  private static final String SPEED =
      "package p;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"warning\", Map.of()); end\n";
  private static final String TYPO =
      "package q;\nrule \"typo\" when Signal(path == \"Vehicle.Sped\") then end\n";
  private static final String EXTRA_FIELD =
      "kind: Scenario\nmetadata: {name: extra}\nspec:\n"
          + "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n"
          + "  action: launch\n  target: app\n  colour: red\n";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String base, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What {@code rules check --strict --vss} says of {@code file} alone, its path left out. */
  private String checked(Path vss, String name, String text) throws Exception {
    Path alone = Files.createDirectories(dir.resolve("check-" + name));
    Path file = Files.writeString(alone.resolve(name), text);
    Cli check = Cli.run("rules", "check", "--strict", "--vss", vss.toString(), file.toString());
    assertEquals(1, check.exitCode(), check::toString);
    String line =
        (check.out() + check.err())
            .lines()
            .filter(l -> l.startsWith(file.toString()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(check.toString()));
    return line.substring(line.indexOf(": ", file.toString().length()) + 2);
  }

  @Test
  @Timeout(240)
  void strictServeRefusesSamplesOutsideTheCatalogueAndReloadsStartUpWouldRefuse() throws Exception {
    Path vss = SharedData.require("vss/vss_release_6.0.json");
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("speed.drl"), SPEED);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpiccolo.home=" + Cli.REPO,
                "-jar",
                JAR.toString(),
                "serve",
                "--port",
                "0",
                "--store",
                dir.resolve("store.json").toString(),
                "--config",
                Files.writeString(
                        dir.resolve("config.yaml"), "audit.file: " + dir.resolve("a.jsonl"))
                    .toString(),
                "--rules",
                rules.toString(),
                "--strict",
                "--vss",
                vss.toString(),
                "--watch"));
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(err.toFile())
            .start();
    try {
      String[] base = new String[1];
      Waits.until(
          "serve is ready",
          Duration.ofSeconds(90),
          () -> {
            Matcher m = READY.matcher(Files.readString(err));
            if (m.find()) {
              base[0] = m.group(1);
            }
            return base[0] != null || !p.isAlive();
          });
      assertTrue(p.isAlive(), Files.readString(err));

      HttpResponse<String> typo =
          send(base[0], "POST", "/api/v1/signals", "[{\"path\":\"Vehicle.Sped\",\"value\":1}]");
      assertEquals(422, typo.statusCode(), typo.body());
      assertTrue(typo.body().contains("(did you mean 'Vehicle.Speed'?)"), typo.body());

      HttpResponse<String> drl = send(base[0], "PUT", "/api/v1/rules/typo.drl", TYPO);
      assertEquals(422, drl.statusCode(), drl.body());
      assertEquals(
          checked(vss, "typo.drl", TYPO),
          new JsonObject(drl.body()).getJsonArray("problems").getJsonObject(0).getString("message"),
          drl.body());

      HttpResponse<String> yaml = send(base[0], "PUT", "/api/v1/rules/extra.yaml", EXTRA_FIELD);
      assertEquals(422, yaml.statusCode(), yaml.body());
      String refused =
          new JsonObject(yaml.body())
              .getJsonArray("problems")
              .getJsonObject(0)
              .getString("message");
      assertEquals(checked(vss, "extra.yaml", EXTRA_FIELD), refused, yaml.body());
      assertTrue(!Files.exists(rules.resolve("extra.yaml")), "a refused upload is not written");

      Files.writeString(rules.resolve("saved.yaml"), EXTRA_FIELD.replace("extra", "saved"));
      Waits.until(
          "the watch refuses the saved file",
          Duration.ofSeconds(30),
          () -> Files.readString(err).contains("saved.yaml:7:11: document 1 (Scenario saved)"));
      String log = Files.readString(err);
      assertTrue(log.contains("spec.colour: unknown field (known:"), log);
      assertTrue(!log.contains("unknown field, ignored"), log);
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }
}
