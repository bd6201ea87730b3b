package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    List<String> command =
        new ArrayList<>(
            List.of(javaBinary(), "-Dpiccolo.home=" + Cli.REPO, "-jar", JAR.toString()));
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
            Cli.REPO.resolve("rules/driving").toString(),
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
}
