package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules watch} on a temp folder, saved to as editors save. */
class RulesWatchTest {
  private static final String RULE =
      "package p;\n\nrule \"fast\"\nwhen\n    Signal(path == \"Vehicle.Speed\", number > LIMIT)\n"
          + "then\n    actions.launch(\"warn\");\nend\n";
  private static final String SPEC =
      "name: fast at 1\nrules: [fast.drl]\ntrace: |\n  time,path,value\n  1,Vehicle.Speed,150\n"
          + "expect:\n  - {time: 1, rule: fast, target: warn}\n";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger exit = new AtomicInteger(-1);
  private Thread watcher;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "100"));
    Files.writeString(dir.resolve("fast.spec.yaml"), SPEC);
    watcher =
        new Thread(
            () ->
                exit.set(
                    PiccoloCli.execute(
                        new PrintWriter(out),
                        new PrintWriter(err, true),
                        "rules",
                        "watch",
                        dir.toString())));
    watcher.start();
    awaitOut("the first run checks everything", 1, "1 passed, 0 failed");
    awaitOut("following the folder", 1, "watching ");
  }

  @AfterEach
  void stop() throws Exception {
    watcher.interrupt(); // as Ctrl-C does
    watcher.join(30_000);
  }

  private void awaitOut(String what, int times, String text) {
    Awaitility.await(what + "; out so far:\n" + out + "\nerr:\n" + err)
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                out.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times);
  }

  @Test
  void aBrokenSavePrintsItsProblemsAndTheWatcherKeepsGoing() throws Exception {
    Files.writeString(
        dir.resolve("fast.drl"), RULE.replace("LIMIT", "100").replace("then", "thne"));
    awaitOut("the problem", 1, "fast.drl:");
    awaitOut("the spec fails", 1, "0 passed, 1 failed");
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "200"));
    awaitOut("the spec runs again and fails on the new limit", 2, "0 passed, 1 failed");
    assertTrue(out.toString().contains("FAIL fast at 1"), out::toString);
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "100"));
    awaitOut("fixed", 2, "1 passed, 0 failed");
    assertTrue(out.toString().contains(" rules have errors in "), out::toString);
    watcher.interrupt();
    watcher.join(30_000);
    assertEquals(0, exit.get(), out::toString);
  }

  @Test
  void aRenameOverADeleteAndCreateAndANewSubFolderAreFollowed() throws Exception {
    Path tmp = dir.resolve(".fast.drl.swp");
    Files.writeString(tmp, RULE.replace("LIMIT", "200"));
    Files.move(tmp, dir.resolve("fast.drl"), StandardCopyOption.REPLACE_EXISTING);
    awaitOut("rename over", 1, "0 passed, 1 failed");
    Files.delete(dir.resolve("fast.drl"));
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "100"));
    awaitOut("delete and create", 2, "1 passed, 0 failed");
    Path sub = Files.createDirectory(dir.resolve("more"));
    Files.writeString(sub.resolve("slow.drl"), RULE.replace("fast", "slow").replace("LIMIT", "1"));
    Files.writeString(
        sub.resolve("slow.spec.yaml"),
        SPEC.replace("fast", "slow").replace("target: warn", "target: nothing"));
    awaitOut("a spec in the new folder runs", 1, "FAIL slow at 1");
  }

  @Test
  void onlyTheSpecsThatLoadAChangedFileRunAgain() throws Exception {
    Files.writeString(
        dir.resolve("other.yaml"), "apiVersion: v1\nkind: Package\nmetadata:\n  name: x\n");
    awaitOut("a file no spec loads", 1, "0 passed, 0 failed");
  }

  @Test
  void specsSharingAFileEachSeeOnlyTheirOwnRulesAndEverySaveOfIt() throws Exception {
    Files.writeString(
        dir.resolve("slow.drl"),
        RULE.replace("package p", "package q")
            .replace("fast", "slow")
            .replace("warn", "slow")
            .replace("LIMIT", "100"));
    Files.writeString(
        dir.resolve("both.spec.yaml"),
        SPEC.replace("fast at 1", "both at 1")
            .replace("[fast.drl]", "[fast.drl, slow.drl]")
            .replace(
                "expect:\n",
                "match: unordered\nexpect:\n  - {time: 1, rule: slow, target: slow}\n"));
    awaitOut("the new spec runs with both files", 2, "1 passed, 0 failed");
    // fast.spec.yaml expects exactly one action: it would fail if slow.drl were in its rule base
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "100") + "// saved\n");
    awaitOut("both specs load fast.drl", 1, "2 passed, 0 failed");
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "200"));
    awaitOut("both see the new limit", 1, "0 passed, 2 failed");
    Files.writeString(
        dir.resolve("fast.drl"), RULE.replace("LIMIT", "100").replace("then", "thne"));
    awaitOut("both fail on the broken file", 2, "0 passed, 2 failed");
    assertTrue(
        java.util.regex.Pattern.compile("fast\\.drl:\\d+:\\d+: ").matcher(out.toString()).find(),
        out::toString);
    Files.writeString(dir.resolve("fast.drl"), RULE.replace("LIMIT", "100"));
    awaitOut("the next good save recovers", 2, "2 passed, 0 failed");
  }
}
