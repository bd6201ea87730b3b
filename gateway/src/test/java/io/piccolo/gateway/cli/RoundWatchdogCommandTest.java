package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consequence that never returns ends the run with exit code 1 and says where it is stuck. The
 * command exits its process, so these tests run it as a real process.
 */
class RoundWatchdogCommandTest {
  @TempDir Path dir;

  private static final String SPIN =
      "package spin;\n"
          + "rule \"spin\"\n"
          + "when\n"
          + "    Signal(path == \"Vehicle.Speed\", number > 50)\n"
          + "then\n"
          + "    while (true) { }\n"
          + "end\n";

  private Process piccolo(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PiccoloCli.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile())
        .start();
  }

  private String stderr() throws Exception {
    return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
  }

  private static void awaitExit(Process p) throws Exception {
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the run hung");
    }
  }

  @Test
  void simulateEndsWithExitCodeOneWhenAConsequenceNeverReturns() throws Exception {
    Path drl = dir.resolve("spin.drl");
    Files.writeString(drl, SPIN);
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,10\n1.5,Vehicle.Speed,60\n");
    Process p =
        piccolo(
            "simulate",
            "--rules",
            drl.toString(),
            "--trace",
            trace.toString(),
            "--round-timeout",
            // long enough that a cold, loaded JVM is inside the rule, not still loading its class
            "2s");
    awaitExit(p);
    String err = stderr();
    assertEquals(1, p.exitValue(), err);
    assertTrue(err.contains("error: rule 'spin' has not returned after"), err);
    assertTrue(err.contains("(session time 1.5 s)"), err);
    assertTrue(err.contains("at spin.Rule_spin"), err);
  }

  @Test
  void rulesTestEndsWithExitCodeOneWhenAConsequenceNeverReturns() throws Exception {
    Files.writeString(dir.resolve("spin.drl"), SPIN);
    Files.writeString(
        dir.resolve("spin.spec.yaml"),
        "name: spins\ntrace: |\n  time,path,value\n  2,Vehicle.Speed,70\nexpect: []\n");
    Process p = piccolo("rules", "test", "--round-timeout", "2s", dir.toString());
    awaitExit(p);
    String err = stderr();
    assertEquals(1, p.exitValue(), err);
    assertTrue(err.contains("error: rule 'spin' has not returned after"), err);
    assertTrue(err.contains("(session time 2.0 s)"), err);
  }

  @Test
  void aRoundTimeoutOfZeroIsBadInput() throws Exception {
    Cli cli = Cli.run("rules", "test", "--round-timeout", "0s", dir.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(cli.err().contains("--round-timeout: 0s is too short"), cli::toString);
  }
}
