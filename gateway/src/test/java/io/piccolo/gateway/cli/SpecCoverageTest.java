package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules test --coverage}: DRL rules never fired, YAML leaves never true or false. */
class SpecCoverageTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private Path yaml;
  private Path drl;

  /** 2 DRL rules and 3 leaves: 2 + 3 × 2 = 8 items. */
  private void rules() throws Exception {
    yaml =
        write(
            "s.yaml",
            "kind: Scenario\nmetadata: {name: door}\nspec:\n"
                + "  when:\n    all:\n"
                + "      - {signal: Door, op: eq, value: true}\n"
                + "      - {signal: Speed, op: gt, value: 5, for: 2s}\n"
                + "  action: launch\n  target: warn\n"
                + "---\nkind: Scenario\nmetadata: {name: never}\nspec:\n"
                + "  when: {signal: Unsampled, op: lt, value: 0}\n"
                + "  action: launch\n  target: t\n");
    drl =
        write(
            "r.drl",
            "package p;\n\n"
                + "rule \"reverse\"\nwhen\n  Signal(path == \"Gear\", number < 0)\n"
                + "then\n  actions.launch(\"camera\");\nend\n\n"
                + "rule \"deny camera\"\nwhen\n  $r : ActionRequest(target == \"nothing\")\n"
                + "then\n  $r.deny(\"no\");\nend\n");
  }

  @Test
  void itemsNeverCoveredAreListedWithFileAndLine() throws Exception {
    rules();
    write(
        "a.spec.yaml",
        "until: 3\ntrace: |\n  time,path,value\n  0,Door,true\n  0,Speed,10\n  1,Gear,-1\n"
            + "expect:\n  - {time: 1, target: camera}\n  - {time: 2, target: warn}\n");
    Cli cli = Cli.run("rules", "test", "--coverage", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "1 passed, 0 failed\n"
                    + "coverage: 4 of 8 (50.0 %): 1 of 2 DRL rules fired, 3 of 6 outcomes of 3"
                    + " YAML condition leaves seen\n"
                    + "  "
                    + drl
                    + ":10: DRL rule 'deny camera' never fired\n"
                    + "  "
                    + yaml
                    + ":6:18: scenario door: Door: numeric == 1 (text when the sample is not a number)"
                    + " was never false\n"
                    + "  "
                    + yaml
                    + ":14:18: scenario never: Unsampled: number < 0 was never true and never"
                    + " false (its signal never got a sample)\n"),
        cli.out());
  }

  @Test
  void coverageAddsUpOverEverySpecRun() throws Exception {
    rules();
    write(
        "a.spec.yaml",
        "until: 3\ntrace: |\n  time,path,value\n  0,Door,true\n  0,Speed,10\n  1,Gear,-1\n"
            + "match: contains\nexpect:\n  - {target: camera}\n");
    write(
        "b.spec.yaml",
        "trace: |\n  time,path,value\n  0,Door,false\n  0,Speed,1\n  0,Unsampled,-1\n"
            + "  1,Unsampled,1\nexpect:\n  - {time: 0, scenario: never}\n");
    Cli cli = Cli.run("rules", "test", "--min-coverage", "87.5", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "coverage: 7 of 8 (87.5 %): 1 of 2 DRL rules fired, 6 of 6 outcomes of 3 YAML"
                    + " condition leaves seen\n"),
        cli.out());
  }

  @Test
  void underMinCoverageFailsEvenWhenEverySpecPasses() throws Exception {
    rules();
    write("a.spec.yaml", "trace: |\n  time,path,value\n  0,Door,false\nexpect: []\n");
    Cli cli = Cli.run("rules", "test", "--min-coverage", "90", dir.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("1 passed, 0 failed\n"), cli.out());
    assertTrue(cli.out().contains("coverage 12.5 % is under --min-coverage 90 %\n"), cli.out());
  }

  @Test
  void aMinCoverageOutsideZeroToHundredIsBadInput() throws Exception {
    rules();
    write("a.spec.yaml", "trace: |\n  time,path,value\n  0,Door,false\nexpect: []\n");
    Cli cli = Cli.run("rules", "test", "--min-coverage", "120", dir.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(cli.err().contains("--min-coverage must be a percentage from 0 to 100"), cli.err());
  }

  @Test
  void withoutCoverageNothingIsReported() throws Exception {
    rules();
    write("a.spec.yaml", "trace: |\n  time,path,value\n  0,Door,false\nexpect: []\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertFalse(cli.out().contains("coverage"), cli.out());
  }

  @Test
  void theExampleRulesAreFullyCovered() {
    Cli cli =
        Cli.run("rules", "test", "--min-coverage", "100", Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("(100.0 %)"), cli.out());
  }
}
