package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and malformed inputs of every kind a user hands PICCOLO — DRL through {@code rules check}
 * and {@code simulate}, artifact YAML through {@code apply --store FILE} and {@code rules check},
 * traces through {@code simulate}, specs through {@code rules test} — made by mutating real ones.
 * For every input: no stack trace, no unexpected or internal error, no hang, exit code 0, 1 or 2,
 * and a failed {@code apply} leaves the store file as it was.
 *
 * <p>Seeded and repeatable: {@code -Dpiccolo.fuzz.seed=N} picks the inputs (the default is fixed,
 * so every build tries the same ones), {@code -Dpiccolo.fuzz.seconds=S} how long to try (default
 * 40), and {@code -Dpiccolo.fuzz.case=I} runs only input I of that seed, as a failure names it.
 */
class HostileInputFuzzTest {
  private static final long DEFAULT_SEED = 20_261_201L;
  private static final long PER_INPUT_TIMEOUT_SECONDS = 90;

  private final long seed = Long.getLong("piccolo.fuzz.seed", DEFAULT_SEED);
  private final long seconds = Long.getLong("piccolo.fuzz.seconds", 40);
  private final long only = Long.getLong("piccolo.fuzz.case", -1);
  private final Path work = Path.of("target", "fuzz").toAbsolutePath();

  private final List<String> failures = new ArrayList<>();
  private long inputs;
  private final long[] exitCodes = new long[3];

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void hostileInputsEndInAClearMessageAndANormalExitCode() throws Exception {
    System.out.println(
        "fuzz seed "
            + seed
            + " for "
            + seconds
            + " s (repeat with -Dpiccolo.fuzz.seed="
            + seed
            + "; one input with -Dpiccolo.fuzz.case=INDEX)");
    long deadline = System.currentTimeMillis() + seconds * 1000;
    long next = only >= 0 ? only : 0;
    long last = only >= 0 ? only + 1 : -1;
    while (next >= 0 && (last < 0 || next < last) && System.currentTimeMillis() < deadline) {
      next = runChild(next, last, deadline);
    }
    System.out.println(
        "fuzz: "
            + inputs
            + " inputs, "
            + failures.size()
            + " failed; commands that passed ended with exit 0: "
            + exitCodes[0]
            + ", 1: "
            + exitCodes[1]
            + ", 2: "
            + exitCodes[2]);
    assertTrue(failures.isEmpty(), () -> "seed " + seed + ":\n" + String.join("\n\n", failures));
    assertTrue(inputs >= (only >= 0 ? 1 : 10), "too few inputs ran: " + inputs);
  }

  /**
   * Runs inputs from {@code first} in one child JVM until the deadline, a hang, or the child's end.
   *
   * @return the index to go on from, or -1 when the child finished
   */
  private long runChild(long first, long last, long deadline) throws Exception {
    Path stderr = Files.createDirectories(work).resolve("runner-stderr.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                FuzzRunner.class.getName(),
                Cli.REPO.toString(),
                work.toString(),
                Long.toString(seed),
                Long.toString(first),
                Long.toString(last),
                Long.toString(deadline),
                SharedData.root().resolve("pullpiri-examples").toString())
            .redirectError(stderr.toFile())
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // the child was ended
              } finally {
                lines.add("eof");
              }
            },
            "fuzz-reader");
    reader.setDaemon(true);
    reader.start();
    String started = null;
    long current = first;
    try {
      while (true) {
        String line = lines.poll(PER_INPUT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
          failures.add(
              "input "
                  + current
                  + " ("
                  + started
                  + ") hung: no answer within "
                  + PER_INPUT_TIMEOUT_SECONDS
                  + " s; input kept in "
                  + work.resolve("case-" + current));
          return current + 1;
        }
        if (line.startsWith("start ")) {
          started = line.substring(6);
          current = Long.parseLong(started.split(" ")[0]);
          inputs++;
        } else if (line.startsWith("fail ")) {
          failures.add("input " + started + ": " + line.substring(5).replace("\\n", "\n"));
          started = null;
        } else if (line.startsWith("ok ")) {
          for (char c : line.substring(line.indexOf('[')).toCharArray()) {
            if (c >= '0' && c <= '2') {
              exitCodes[c - '0']++;
            }
          }
          started = null;
        } else if (line.equals("done")) {
          return -1;
        } else if (line.equals("eof")) {
          child.waitFor(30, TimeUnit.SECONDS);
          int code = child.exitValue();
          if (started == null) {
            failures.add(
                "the fuzz runner ended with exit " + code + ": " + Files.readString(stderr));
            return -1;
          }
          // only the round watchdog ends the process, with exit code 1, for a rule stuck in a loop
          if (code != 1) {
            failures.add(
                "input "
                    + started
                    + " ended the process with exit "
                    + code
                    + ": "
                    + Files.readString(stderr));
          }
          return current + 1;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
