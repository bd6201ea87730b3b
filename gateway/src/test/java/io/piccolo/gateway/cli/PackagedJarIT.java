package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.EtcdServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar and its lib/ folder, run as a separate process the way ./piccolo runs them. */
class PackagedJarIT {
  private static final Path JAR = Path.of("target", "piccolo.jar").toAbsolutePath();

  private record Run(int exitCode, String out, String err) {}

  private static Run piccolo(Path workDir, String... args)
      throws IOException, InterruptedException {
    return piccoloWithHeap(workDir, null, args);
  }

  /**
   * @param heap the JVM's -Xmx, or null for the default
   */
  private static Run piccoloWithHeap(Path workDir, String heap, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    if (heap != null) {
      command.add("-Xmx" + heap);
    }
    command.addAll(List.of("-Dpiccolo.home=" + Cli.REPO, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "piccolo did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  @Timeout(180)
  void theDemoRunsFromTheJarInAnyWorkingDirectory(@TempDir Path dir) throws Exception {
    Run run = piccolo(dir, "demo");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("summary: "), run.out());
  }

  @Test
  @Timeout(180)
  void simulateReadsATraceAndWritesJsonLines(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("t.jsonl");
    Files.writeString(
        trace,
        "{\"time\": 0, \"path\": \"Vehicle.Speed\", \"value\": 130}\n{\"time\": 12, \"path\": \"Vehicle.Speed\", \"value\": 130}\n");
    Run run =
        piccolo(
            dir,
            "simulate",
            "--rules",
            Cli.REPO.resolve("rules/driving/sustained-high-speed.yaml").toString(),
            "--trace",
            trace.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().startsWith("{\"time\":10.0,\"scenario\":\"sustained-high-speed\""), run.out());
  }

  @Test
  @Timeout(180)
  void anUnknownCommandIsAUsageErrorNotAStackTrace(@TempDir Path dir) throws Exception {
    Run run = piccolo(dir, "simulat");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Unmatched argument"), run.err());
    assertTrue(!run.err().contains("\tat "), run.err());
  }

  @Test
  @Timeout(300)
  void aTraceOfMillionsOfSamplesReplaysInAHeapSmallerThanTheTrace(@TempDir Path dir)
      throws Exception {
    // 3 million samples, 80 MB of CSV, in a 40 MB heap: only a streaming replay fits
    Path trace = dir.resolve("long.csv");
    try (java.io.Writer w = Files.newBufferedWriter(trace, StandardCharsets.UTF_8)) {
      io.piccolo.simulator.trace.CsvTraceWriter.write(
          new io.piccolo.simulator.generate.LoopedDrive(42, 3_000_000), w);
    }
    Path out = dir.resolve("decisions.jsonl");
    Run run =
        piccoloWithHeap(
            dir,
            "40m",
            "simulate",
            "--rules",
            Cli.REPO.resolve("rules/media").toString(),
            "--rules",
            Cli.REPO.resolve("rules/policies").toString(),
            "--trace",
            trace.toString(),
            "--out",
            out.toString(),
            "--report",
            dir.resolve("report.html").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("3000000 signals;"), run.err());
    assertTrue(Files.size(out) > 0, "decisions were written");
  }

  @Test
  @Timeout(180)
  void commandsAgainstEtcdPrintOnlyWhatTheyAreAbout(@TempDir Path dir) throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Run run = piccolo(dir, "get", "Scenario", "--etcd", etcd.endpoint());
      assertEquals(0, run.exitCode(), run.err());
      assertEquals("", run.err(), "no transport log lines");
      assertEquals("VERSION  NAME                             KIND\n", run.out());
    }
  }

  @Test
  @Timeout(120)
  void serveEvaluatesWhatWasQueuedOnSigtermAndExitsZero(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                javaBinary(),
                "-Dpiccolo.home=" + Cli.REPO,
                "-jar",
                JAR.toString(),
                "serve",
                "--port",
                "0",
                "--rules",
                Cli.REPO.resolve("rules/media").toString(),
                "--rules",
                Cli.REPO.resolve("rules/policies").toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      java.util.regex.Pattern ready =
          java.util.regex.Pattern.compile("ready in \\d+ ms on (http://127.0.0.1:\\d+)");
      String[] base = new String[1];
      io.piccolo.connectors.testing.Waits.until(
          "serve says it is ready",
          java.time.Duration.ofSeconds(60),
          () -> {
            java.util.regex.Matcher m = ready.matcher(Files.readString(err));
            if (m.find()) {
              base[0] = m.group(1);
            }
            return base[0] != null;
          });
      java.net.http.HttpResponse<String> posted =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(base[0] + "/api/v1/signals"))
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "[{\"path\": \"Vehicle.Speed\", \"value\": 0},"
                                  + " {\"path\": \"Vehicle.Cabin.Infotainment.Media.Action\","
                                  + " \"value\": \"PLAY\"}]"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(202, posted.statusCode(), posted.body());
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not stop");
      assertEquals(0, p.exitValue(), Files.readString(err));
      assertTrue(
          Files.readString(out).contains("\"scenario\":\"video-on-play\""),
          "the queued samples were evaluated before the exit: " + Files.readString(out));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  @Timeout(180)
  void serveWithKeysSaysHowManyAndPublishSendsTheKeyFromTheEnvironment(@TempDir Path dir)
      throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            "serve.port: 0\naudit.file: " + dir.resolve("audit.jsonl") + "\n");
    Cli added =
        Cli.run("keys", "add", "ingest", "--role", "operator", "--config", config.toString());
    assertEquals(0, added.exitCode(), added::toString);
    Cli.run("keys", "add", "dashboard", "--role", "viewer", "--config", config.toString());
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                javaBinary(),
                "-Dpiccolo.home=" + Cli.REPO,
                "-jar",
                JAR.toString(),
                "serve",
                "--config",
                config.toString(),
                "--store",
                dir.resolve("store.json").toString(),
                "--rules",
                Cli.REPO.resolve("rules/media").toString())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(err.toFile())
            .start();
    try {
      java.util.regex.Pattern ready =
          java.util.regex.Pattern.compile(
              "ready in \\d+ ms on (http://127.0.0.1:\\d+) .*; 2 API key\\(s\\), read at start;");
      String[] base = new String[1];
      io.piccolo.connectors.testing.Waits.until(
          "serve says it is ready with its keys",
          java.time.Duration.ofSeconds(60),
          () -> {
            java.util.regex.Matcher m = ready.matcher(Files.readString(err));
            if (m.find()) {
              base[0] = m.group(1);
            }
            return base[0] != null;
          });
      Run without = piccolo(dir, "publish", "--server", base[0], "Vehicle.Speed=1");
      assertEquals(1, without.exitCode(), without.err());
      assertTrue(
          without.err().contains("answered 401") && without.err().contains("set PICCOLO_API_KEY"),
          without.err());
      ProcessBuilder withKey =
          new ProcessBuilder(
              javaBinary(),
              "-jar",
              JAR.toString(),
              "publish",
              "--server",
              base[0],
              "Vehicle.Speed=1");
      withKey.environment().put("PICCOLO_API_KEY", added.out().strip());
      Process sent = withKey.redirectErrorStream(true).start();
      String output = new String(sent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(sent.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, sent.exitValue(), output);
      assertEquals("published 1 sample(s)\n", output);
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  @Test
  @Timeout(120)
  void serveWatchPutsASavedRuleFileLiveAndLogsABrokenOne(@TempDir Path dir) throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("fine.drl"), "package fine;\n");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                javaBinary(),
                "-Dpiccolo.home=" + Cli.REPO,
                "-jar",
                JAR.toString(),
                "serve",
                "--port",
                "0",
                "--store",
                dir.resolve("store.json").toString(),
                "--watch",
                "--rules",
                rules.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      java.util.regex.Pattern ready =
          java.util.regex.Pattern.compile("ready in \\d+ ms on (http://127.0.0.1:\\d+)");
      String[] base = new String[1];
      io.piccolo.connectors.testing.Waits.until(
          "serve says it is ready",
          java.time.Duration.ofSeconds(60),
          () -> {
            java.util.regex.Matcher m = ready.matcher(Files.readString(err));
            if (m.find()) {
              base[0] = m.group(1);
            }
            return base[0] != null;
          });
      assertTrue(Files.readString(err).contains("watching the rule files"), Files.readString(err));
      Files.writeString(
          rules.resolve("fast.drl"),
          "package fast;\nrule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100)"
              + " then actions.launch(\"speed-warning\"); end\n");
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      io.piccolo.connectors.testing.Waits.until(
          "the saved rule decides",
          java.time.Duration.ofSeconds(30),
          () -> {
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base[0] + "/api/v1/signals"))
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "[{\"path\": \"Vehicle.Speed\", \"value\": 130}]"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            return Files.readString(out).contains("\"target\":\"speed-warning\"");
          });
      Files.writeString(
          rules.resolve("broken.drl"), "package broken;\nrule \"b\" when Signal( then end\n");
      io.piccolo.connectors.testing.Waits.until(
          "the broken file is logged with its position and the rules stay",
          java.time.Duration.ofSeconds(30),
          () -> Files.readString(err).contains("broken.drl:2:"));
      assertTrue(Files.readString(err).contains("rules not reloaded"), Files.readString(err));
      p.destroy();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not stop");
      assertEquals(0, p.exitValue(), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }
}
