package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run with a small heap or stack, as a user's machine might: running out says what
 * ran out and what to raise, with exit code 2, never "internal error" and "rebuild".
 */
class JvmLimitsIT {
  private static final Path JAR = Path.of("target", "piccolo.jar").toAbsolutePath();

  private record Run(int exitCode, String err) {}

  private static Run piccolo(Path dir, String jvmOption, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmOption,
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "piccolo did not finish");
    return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void assertNoInternalError(Run run) {
    assertFalse(run.err().contains("internal error"), run.err());
    assertFalse(run.err().contains("rebuild"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  @Test
  @Timeout(180)
  void aFileTooLargeForTheHeapSaysToRaiseTheHeapOrLowerTheFileLimit(@TempDir Path dir)
      throws Exception {
    Path big = dir.resolve("big.yaml");
    try (Writer out = Files.newBufferedWriter(big)) {
      out.write("kind: Scenario\nmetadata: {name: a}\nspec: {action: launch, target: t}\n");
      String comment = "# " + "x".repeat(98) + "\n";
      for (int i = 0; i < 400_000; i++) { // 40 MB: within limits.text-file-size, not the heap
        out.write(comment);
      }
    }
    Run run = piccolo(dir, "-Xmx48m", "rules", "check", big.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("piccolo: out of memory: the Java heap is full (its maximum is "),
        run.err());
    assertTrue(run.err().contains("PICCOLO_JAVA_OPTS=-Xmx"), run.err());
    assertTrue(run.err().contains("limits.text-file-size"), run.err());
    assertNoInternalError(run);
  }

  @Test
  @Timeout(180)
  void aStackOverflowSaysTheInputIsNestedTooDeeplyAndNamesTheStackFlag(@TempDir Path dir)
      throws Exception {
    Path deep = dir.resolve("deep.yaml");
    Files.writeString(
        deep,
        "kind: Scenario\nmetadata: {name: a}\nspec:\n  action: launch\n  target: t\n  when: "
            + "{all: [".repeat(490)
            + "{signal: A, op: eq, value: 1}"
            + "]}".repeat(490)
            + "\n");
    Run run = piccolo(dir, "-Xss228k", "rules", "check", deep.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("piccolo: the input is nested too deeply for the thread stack"),
        run.err());
    assertTrue(run.err().contains("PICCOLO_JAVA_OPTS=-Xss"), run.err());
    assertNoInternalError(run);
  }
}
