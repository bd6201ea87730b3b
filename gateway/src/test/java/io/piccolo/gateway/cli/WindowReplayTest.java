package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 60 s windows at 100 Hz: the window bench, and the same workload through simulate. */
class WindowReplayTest {

  @Test
  void theWindowBenchDecidesAlikeInEveryRunAndReportsItsThroughput() throws Exception {
    Cli cli = Cli.run("bench", "windows", "--paths", "2", "--samples", "60000");
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertTrue(json.get("agree").asBoolean(), cli.out());
    assertTrue(json.get("decisions").asInt() > 0, cli.out());
    assertTrue(json.get("samples_per_s").asDouble() > 0);
  }

  @Test
  void simulateDecidesWhatTheWindowBenchDecided(@TempDir Path dir) throws Exception {
    Cli bench = Cli.run("bench", "windows", "--paths", "2", "--samples", "60000");
    assertEquals(0, bench.exitCode(), bench::toString);
    String[] lines = bench.outLines();
    String digest = new ObjectMapper().readTree(lines[lines.length - 1]).get("digest").asText();

    Cli write =
        Cli.run(
            "bench", "windows", "--paths", "2", "--samples", "60000", "--write", dir.toString());
    assertEquals(0, write.exitCode(), write::toString);
    Path out = dir.resolve("decisions.jsonl");
    Cli simulate =
        Cli.run(
            "simulate",
            "--rules",
            dir.resolve("windows.drl").toString(),
            "--trace",
            dir.resolve("trace.csv").toString(),
            "--out",
            out.toString());
    assertEquals(0, simulate.exitCode(), simulate::toString);
    byte[] written = Files.readAllBytes(out);
    assertTrue(new String(written, StandardCharsets.UTF_8).contains("\"action\":\"launch\""));
    assertEquals(
        digest, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written)));
  }

  @Test
  void explainSaysWhoKeepsWindowsAndDropsWindowedEvents(@TempDir Path dir) throws Exception {
    Cli.run("bench", "windows", "--paths", "1", "--samples", "10", "--write", dir.toString());
    Cli kept = Cli.run("rules", "check", "--explain", dir.resolve("windows.drl").toString());
    assertEquals(0, kept.exitCode(), kept::toString);
    assertTrue(
        kept.out().contains("window kept by the engine (no events in the session): average of"),
        kept.out());

    // a bound event leaves the window to Drools; the engine still drops its events
    Path bound = dir.resolve("bound.drl");
    Files.writeString(
        bound,
        Files.readString(dir.resolve("windows.drl")).replace("SignalEvent(", "$e : SignalEvent("));
    Cli windowed = Cli.run("rules", "check", "--explain", bound.toString());
    assertEquals(0, windowed.exitCode(), windowed::toString);
    assertTrue(
        windowed
            .out()
            .contains(
                "SignalEvents expire after 1m (rules see them only through time windows: the"
                    + " engine drops them then, oldest first)"),
        windowed.out());

    Path plain = dir.resolve("plain.drl");
    Files.writeString(
        plain,
        "package p;\nrule r when SignalEvent(path == \"Vehicle.Speed\", number > 100) then end\n");
    Cli unbounded = Cli.run("rules", "check", "--explain", plain.toString());
    assertEquals(0, unbounded.exitCode(), unbounded::toString);
    assertTrue(
        unbounded.out().contains("SignalEvents expire after 10m (Drools expires each one)"),
        unbounded.out());
  }
}
