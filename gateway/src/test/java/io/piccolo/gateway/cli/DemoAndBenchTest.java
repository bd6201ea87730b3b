package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAndBenchTest {

  @Test
  void theDemoDrivesThroughTheExampleRules(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("demo.html");
    Cli cli =
        Cli.run(
            "demo", "--rules", Cli.REPO.resolve("rules").toString(), "--report", report.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("rear camera on in reverse"), cli.out());
    assertTrue(cli.out().contains("DENIED by no video while moving: vehicle is moving"), cli.out());
    assertTrue(
        cli.out().contains("ALLOWED by safety functions allowed: safety function"), cli.out());
    assertTrue(cli.out().contains("summary: "), cli.out());
    assertTrue(Files.size(report) > 1000);
  }

  @Test
  void theEngineBenchReportsAgreeingEvaluatorsAsJson() throws Exception {
    Cli cli = Cli.run("bench", "engine", "--rules", "50", "--signals", "50000");
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(50, json.get("scenarios").asInt());
    assertEquals(5, json.get("signals").asInt());
    long transitions = json.get("engine").get("transitions").asLong();
    assertTrue(transitions > 0);
    assertEquals(transitions, json.get("pullpiri_baseline").get("transitions").asLong());
    assertEquals(transitions, json.get("hand_written").get("transitions").asLong());
    assertTrue(json.get("engine").get("signals_per_s").asDouble() > 0);
  }

  @Test
  void otherKindsOfConditionCountTheSameTransitionsAsTheBaselines() throws Exception {
    for (String leaf : new String[] {"between", "rearm"}) {
      Cli cli = Cli.run("bench", "engine", "--rules", "50", "--signals", "50000", "--leaf", leaf);
      assertEquals(0, cli.exitCode(), cli::toString);
      String[] lines = cli.outLines();
      JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
      assertEquals(leaf, json.get("leaf").asText());
      long transitions = json.get("engine").get("transitions").asLong();
      assertTrue(transitions > 0);
      assertEquals(transitions, json.get("pullpiri_baseline").get("transitions").asLong());
    }
    Cli wrong = Cli.run("bench", "engine", "--leaf", "matches");
    assertEquals(2, wrong.exitCode());
    assertEquals("piccolo: --leaf must be comparison, between or rearm\n", wrong.err());
  }

  @Test
  void theLspBenchTimesEditsOfAnExampleRuleUntilTheirDiagnostics() {
    Cli cli =
        Cli.run(
            "bench",
            "lsp",
            "--edits",
            "2",
            "--file",
            Cli.REPO.resolve("rules/driving/traffic-jam.drl").toString(),
            "--workspace",
            Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .matches(
                "(?s)didChange -> publishDiagnostics of .*traffic-jam.drl \\(workspace .*rules\\):"
                    + " 2 edits after"
                    + " 3 warm-up, p50 \\d+ ms, p99 \\d+ ms, max \\d+ ms.*"),
        cli.out());
  }

  @Test
  void theReadBenchReadsBackExactlyTheSamplesWritten() throws Exception {
    Cli cli = Cli.run("bench", "read", "--samples", "50000");
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(50_000, json.get("samples").asLong());
    for (String format : new String[] {"csv", "jsonl"}) {
      assertTrue(json.get(format).get("exact").asBoolean(), cli.out());
      assertTrue(json.get(format).get("samples_per_s").asDouble() > 0, cli.out());
    }
  }

  @Test
  void badArgumentsAreOneMessageNotAStackTrace() {
    Cli cli = Cli.run("bench", "engine", "--rules", "0");
    assertEquals(2, cli.exitCode());
    assertEquals("piccolo: --rules and --signals must be at least 1\n", cli.err());
  }

  @Test
  void everyModeRefusesAZeroCountAndShowsItsOwnDefault() {
    String[][] refusals = {
      {"trace", "--samples", "--samples must be at least 1"},
      {"read", "--samples", "--samples must be at least 1"},
      {"windows", "--samples", "--paths must be from 1 to 1000 and --samples at least 1"},
      {
        "reload",
        "--runs",
        "--rules, --files and --runs must be at least 1, and --files at most" + " --rules"
      },
      {"camera", "--runs", "--runs must be at least 1"},
    };
    for (String[] refusal : refusals) {
      Cli cli = Cli.run("bench", refusal[0], refusal[1], "0");
      assertEquals(2, cli.exitCode(), cli::toString);
      assertEquals("piccolo: " + refusal[2] + "\n", cli.err());
      assertEquals("", cli.out());
    }
    String[][] defaults = {
      {"trace", "samples in each trace (default: 5000000)"},
      {"read", "samples in each trace (default: 5000000)"},
      {"windows", "samples in each trace (default: 2000000)"},
      {"reload", "after 3 warm-up ones (default: 10)"},
      {"camera", "after 3 warm-up ones (default: 50)"},
    };
    for (String[] mode : defaults) {
      Cli help = Cli.run("bench", mode[0], "--help");
      assertEquals(0, help.exitCode(), help::toString);
      assertTrue(
          help.out().replaceAll("\\s+", " ").contains(mode[1]), () -> mode[0] + ": " + help.out());
    }
  }

  @Test
  void theStoreBenchReportsTransitionsAndWatchLatency() throws Exception {
    Cli cli = Cli.run("bench", "store", "--transitions", "200");
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals("in-memory", json.get("store").asText());
    assertTrue(json.get("transitions_per_s").asDouble() > 0);
    assertTrue(
        json.get("watch_to_fact_p99_ms").asDouble() >= json.get("watch_to_fact_p50_ms").asDouble());
  }

  @Test
  void theServeBenchDrivesARealServerAndLosesNothing() throws Exception {
    Cli cli =
        Cli.run(
            "bench",
            "serve",
            "--seconds",
            "0.5",
            "--connections",
            "3",
            "--rate",
            "1000",
            "--subscribers",
            "20",
            "--scenarios",
            "10");
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(0, json.get("lost").size(), cli::toString);
    for (String flood : new String[] {"one_connection", "many_connections"}) {
      assertTrue(json.get(flood).get("serve").asDouble() > 0, flood);
      assertTrue(json.get(flood).get("engine").asDouble() > 0, flood);
    }
    assertTrue(
        json.get("latency_p99_ms").get("serve").asDouble()
            >= json.get("latency_p50_ms").get("serve").asDouble());
    assertTrue(json.get("burst_p99_ms").get("serve").asDouble() > 0, cli::toString);
    assertTrue(json.get("idle_subscribers_rss_mib").get("serve").asDouble() > 0);
    assertTrue(json.get("reload_under_load_ms").get("serve").asDouble() > 0, cli::toString);
  }

  @Test
  void theServeBenchRefusesNonPositiveFigures() {
    Cli cli = Cli.run("bench", "serve", "--connections", "0");
    assertEquals(2, cli.exitCode());
    assertTrue(cli.err().contains("must be positive"), cli::toString);
  }
}
