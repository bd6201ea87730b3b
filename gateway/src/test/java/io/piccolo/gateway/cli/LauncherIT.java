package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./piccolo launcher picks JVM options by command: the quick JIT and the serial collector for
 * short commands, the JVM's defaults for long ones, and the class-data-sharing archive the package
 * step made.
 */
class LauncherIT {
  private static final Path ARCHIVE = Path.of("target", "piccolo.jsa").toAbsolutePath();

  private record Run(int exitCode, String out, String err) {}

  private static Run launch(Path dir, String javaOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", Cli.REPO.resolve("piccolo").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("PICCOLO_JAVA_OPTS", javaOptions);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "piccolo did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String flag(Run run, String name) {
    for (String line : run.out().split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[1].equals(name)) {
        return words[3];
      }
    }
    throw new AssertionError(name + " not printed: " + run.out());
  }

  @Test
  @Timeout(180)
  void aShortCommandStartsWithTheQuickJitTheSerialCollectorAndTheArchive(@TempDir Path dir)
      throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), "the package step made no archive with this JVM");
    Run run = launch(dir, "-XX:+PrintFlagsFinal -Xlog:class+load=info", "settings");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("1", flag(run, "TieredStopAtLevel"));
    assertEquals("true", flag(run, "UseSerialGC"));
    assertEquals(ARCHIVE.toString(), flag(run, "SharedArchiveFile"));
    assertTrue(
        run.out().contains("picocli.CommandLine source: shared objects file"),
        "the CLI's classes come from the archive");
  }

  @Test
  @Timeout(180)
  void serveAndBenchKeepTheOptimisingJit(@TempDir Path dir) throws Exception {
    for (String command : List.of("serve", "bench")) {
      Run run = launch(dir, "-XX:+PrintFlagsFinal", command, "--help");
      assertEquals(0, run.exitCode(), run.err());
      assertEquals("4", flag(run, "TieredStopAtLevel"), command);
      assertEquals("false", flag(run, "UseSerialGC"), command);
    }
  }

  @Test
  @Timeout(180)
  void simulateOfALargeTraceKeepsTheOptimisingJitAndOfASmallOneStartsQuick(@TempDir Path dir)
      throws Exception {
    Path large = dir.resolve("large.csv");
    try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
      file.setLength(9L << 20);
    }
    Path small = dir.resolve("small.csv");
    Files.writeString(small, "time,path,value\n0,Vehicle.Speed,10\n");
    Run longRun =
        launch(dir, "-XX:+PrintFlagsFinal", "simulate", "--trace", large.toString(), "--help");
    assertEquals("4", flag(longRun, "TieredStopAtLevel"));
    Run shortRun = launch(dir, "-XX:+PrintFlagsFinal", "simulate", "--trace=" + small, "--help");
    assertEquals("1", flag(shortRun, "TieredStopAtLevel"));
    Run piped = launch(dir, "-XX:+PrintFlagsFinal", "simulate", "--trace", "/dev/stdin", "--help");
    assertEquals("4", flag(piped, "TieredStopAtLevel"), "a stream of unknown length");
  }

  @Test
  @Timeout(180)
  void theUsersOwnOptionsWin(@TempDir Path dir) throws Exception {
    Run run = launch(dir, "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=4", "settings");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("4", flag(run, "TieredStopAtLevel"));
  }

  @Test
  @Timeout(180)
  void aCollectorOfTheUsersOwnReplacesTheLaunchersOnShortAndLongCommands(@TempDir Path dir)
      throws Exception {
    for (String command : List.of("settings", "serve")) {
      Run run = launch(dir, "-XX:+PrintFlagsFinal -XX:+UseParallelGC", command, "--help");
      assertEquals(0, run.exitCode(), command + ": " + run.err());
      assertEquals("true", flag(run, "UseParallelGC"), command);
      assertEquals("false", flag(run, "UseSerialGC"), command);
      assertEquals("false", flag(run, "UseG1GC"), command);
    }
  }

  @Test
  @Timeout(180)
  void aCommandWithoutServerSetsUpNoHttpClient(@TempDir Path dir) throws Exception {
    Run run =
        launch(
            dir,
            "-Xlog:class+load=info",
            "get",
            "Scenario",
            "--store",
            dir.resolve("s.json").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("picocli.CommandLine "), "the class loading log is there");
    assertFalse(
        run.out().contains("jdk.internal.net.http.HttpClientImpl "),
        "an HTTP client (and TLS) set up for --server, which was not given");
  }

  @Test
  @Timeout(180)
  void aJvmThatRefusesTheArchiveStartsWithoutItAndSaysNothing(@TempDir Path dir) throws Exception {
    // what the launcher passes, with an archive the JVM cannot use
    Path damaged = dir.resolve("damaged.jsa");
    Files.writeString(damaged, "not an archive");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:SharedArchiveFile=" + damaged,
                "-jar",
                Path.of("target", "piccolo.jar").toAbsolutePath().toString(),
                "rules",
                "check",
                Cli.REPO.resolve("rules/camera").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("ok: 2 file(s)"), output); // the rear camera and its fallback
    assertFalse(output.toLowerCase(java.util.Locale.ROOT).contains("shar"), output);
  }
}
