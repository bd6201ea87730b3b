package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.Waits;
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

/** {@code piccolo serve} from the packaged jar, stopped with SIGTERM as a service manager does. */
class ServeProcessIT {
  private static final Path JAR = Path.of("target", "piccolo.jar").toAbsolutePath();
  private static final Pattern READY =
      Pattern.compile("ready in \\d+ ms on (http://127.0.0.1:\\d+)");
  private static final String SPINNING =
      "package p;\n"
          + "rule \"slow\" when Signal(path == \"Vehicle.Slow\") then long x = 0;"
          + " for (long i = 0; i < 40000000000L; i++) { x = x * 31 + i; }"
          + " if (x == 1) { actions.request(\"never\", \"x\", Map.of()); } end\n";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A running serve and where it answers. */
  private record Serve(Process process, String base, Path out, Path err) {}

  private Serve serve(String... args) throws Exception {
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
                dir.resolve("store.json").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    String[] base = new String[1];
    Waits.until(
        "serve says it is ready",
        Duration.ofSeconds(90),
        () -> {
          Matcher m = READY.matcher(Files.readString(err));
          if (m.find()) {
            base[0] = m.group(1);
          }
          return base[0] != null || !p.isAlive();
        });
    assertTrue(p.isAlive(), Files.readString(err));
    return new Serve(p, base[0], out, err);
  }

  private int post(Serve s, String path, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(s.base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private double metric(Serve s, String name) throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(s.base() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    return Double.NaN;
  }

  private static int exitAfterSigterm(Serve s) throws Exception {
    s.process().destroy(); // SIGTERM
    assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), "serve did not stop");
    return s.process().exitValue();
  }

  @Test
  @Timeout(180)
  void aDrainThatRunsOutOfTimeSaysHowManySamplesWereLostAndExitsOne() throws Exception {
    Path rules = Files.writeString(dir.resolve("slow.drl"), SPINNING);
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"), "serve.drain-timeout: 1s\nevaluation.round-timeout: 1h\n");
    Serve s = serve("--rules", rules.toString(), "--config", config.toString());
    try {
      assertEquals(202, post(s, "/api/v1/signals", "[{\"path\":\"Vehicle.Slow\",\"value\":1}]"));
      Waits.until(
          "the slow round runs",
          Duration.ofSeconds(30),
          () -> metric(s, "piccolo_signals_in_total") == 1.0);
      assertEquals(202, post(s, "/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":1}]"));
      int exit = exitAfterSigterm(s);
      String err = Files.readString(s.err());
      assertEquals(1, exit, err);
      assertTrue(
          err.contains(
              "piccolo serve: serve.drain-timeout (1000 ms) ran out: 2 queued sample(s) were not"
                  + " evaluated (0 were); exit code 1\n"),
          err);
      assertTrue(!err.contains("null"), err);
    } finally {
      s.process().destroyForcibly();
    }
  }

  @Test
  @Timeout(180)
  void aCleanDrainSaysHowManySamplesItEvaluatedAndTheStartLineCountsStoredScenarios()
      throws Exception {
    Path stored =
        Files.writeString(
            dir.resolve("stored.yaml"),
            "kind: Scenario\nmetadata: {name: stored-one}\nspec:\n"
                + "  when: {signal: Vehicle.Speed, op: gt, value: 100}\n"
                + "  action: launch\n  target: app\n---\n"
                + "kind: Package\nmetadata: {name: app}\nspec:\n  models: [{name: app, node: HPC}]\n---\n"
                + "kind: Model\nmetadata: {name: app}\nspec:\n  containers: [{name: c, image: i}]\n");
    Cli apply =
        Cli.run("apply", "-f", stored.toString(), "--store", dir.resolve("store.json").toString());
    assertEquals(0, apply.exitCode(), apply::toString);
    Serve s =
        serve(
            "--rules",
            Cli.REPO.resolve("rules/media").toString(),
            "--rules",
            Cli.REPO.resolve("rules/policies").toString());
    try {
      String started = Files.readString(s.err());
      assertTrue(
          started.matches(
              "(?s).*\\(\\d+ scenario\\(s\\): \\d+ from the rule files, 1 stored in the local store "
                  + Pattern.quote(dir.resolve("store.json").toString())
                  + "; \\d+ DRL rule\\(s\\)\\).*"),
          started);
      assertEquals(202, post(s, "/api/v1/signals", "[{\"path\":\"Vehicle.Speed\",\"value\":130}]"));
      int exit = exitAfterSigterm(s);
      String err = Files.readString(s.err());
      assertEquals(0, exit, err);
      assertTrue(
          err.matches(
              "(?s).*piccolo serve: stopped: the \\d+ sample\\(s\\) still queued were evaluated\n"),
          err);
      assertTrue(
          Files.readString(s.out()).contains("\"scenario\":\"stored-one\""),
          "the stored scenario ran: " + Files.readString(s.out()));
    } finally {
      s.process().destroyForcibly();
    }
  }
}
