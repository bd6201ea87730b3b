package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run's results come back as facts in simulate and rule specs, at the same time. */
class ActionResultsInReplaysTest {
  @TempDir Path dir;

  private static final String FALLBACK =
      """
      package p;
      rule "launch on reverse" when Signal(path == "Gear", number < 0) then actions.launch("camera"); end
      rule "fallback" when ActionResult(outcome == "failed", target == "camera") then actions.launch("fallback"); end
      rule "started" when ActionResult(outcome == "succeeded", target == "camera") then actions.request("notify", "driver", null); end
      """;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void simulateAppliesTheDryRunsResultInTheNextRoundAtTheSameTime() throws Exception {
    Path rules = write("r.drl", FALLBACK);
    Path trace = write("t.csv", "time,path,value\n0,Gear,0\n2.5,Gear,-1\n4,Gear,1\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(
        "{\"time\":2.5,\"scenario\":\"launch on reverse\",\"rule\":\"launch on reverse\","
            + "\"action\":\"launch\",\"target\":\"camera\",\"decision\":\"allowed\","
            + "\"decided_by\":\"default\",\"reason\":\"allowed by default\"}\n"
            + "{\"time\":2.5,\"scenario\":\"started\",\"rule\":\"started\",\"action\":\"notify\","
            + "\"target\":\"driver\",\"decision\":\"allowed\",\"decided_by\":\"default\","
            + "\"reason\":\"allowed by default\"}\n",
        cli.out(),
        "the result's rule decides at 2.5 s too; the lines carry no request id");
  }

  @Test
  void aSpecsGivenFailingMakesTheDryRunFailTheNamedAction() throws Exception {
    write("r.drl", FALLBACK);
    String trace = "trace: |\n  time,path,value\n  1,Gear,-1\n";
    Path spec =
        write(
            "fallback.spec.yaml",
            "name: the fallback starts when the camera fails\n"
                + "rules: [r.drl]\n"
                + "given:\n"
                + "  failing:\n"
                + "    - {action: launch, target: camera, reason: no video device}\n"
                + trace
                + "expect:\n"
                + "  - {time: 1, rule: fallback, action: launch, target: fallback}\n"
                + "  - {time: 1, action: launch, target: camera}\n"
                + "never_fired: [started]\n"
                + "---\n"
                + "name: without it the camera starts and no fallback is needed\n"
                + "rules: [r.drl]\n"
                + trace
                + "expect:\n"
                + "  - {time: 1, action: launch, target: camera}\n"
                + "  - {time: 1, action: notify, target: driver}\n"
                + "never_fired: [fallback]\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().endsWith("2 passed, 0 failed\n"), cli.out());
  }

  @Test
  void aGivenEntryThatIsNotUnderstoodFailsTheCaseWithItsLine() throws Exception {
    write("r.drl", FALLBACK);
    Path spec =
        write(
            "bad.spec.yaml",
            "name: bad\nrules: [r.drl]\ngiven:\n  failing:\n    - {target: camera}\n"
                + "    - {action: launch, when: 3}\ntrace: |\n  time,path,value\n  1,Gear,-1\n"
                + "expect: []\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(spec + ":5:7: given.failing: action is required (e.g. action: launch)"),
        cli.out());
    assertFalse(cli.out().contains("Exception"), cli.out());
  }

  @Test
  void resultsThatAskAgainForeverEndTheReplayWithTheRuleNamed() throws Exception {
    Path rules =
        write(
            "loop.drl",
            "package p;\n"
                + "rule again when ActionResult(action == \"launch\") then actions.launch(\"x\"); end\n"
                + "rule first when Signal(path == \"A\", number > 0) then actions.launch(\"x\"); end\n");
    Path trace = write("t.csv", "time,path,value\n1,A,1\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                "at 1.0 s the results of actions led to new actions 1000 rounds in a row (the"
                    + " last by rule 'again')"),
        cli.err());
  }
}
