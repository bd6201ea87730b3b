package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec's {@code given:} seeds state, artifact and result facts, at the start or later. */
class SpecGivenTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static final String VIDEO =
      "kind: Scenario\nmetadata: {name: play}\nspec:\n"
          + "  when: {signal: Media.Action, op: eq, value: PLAY}\n"
          + "  action: launch\n  target: video-player\n  trigger: level\n";

  private static final String DEGRADED_POLICY =
      "package p;\n"
          + "rule \"no video while degraded\"\nwhen\n"
          + "  $r : ActionRequest(target == \"video-player\")\n"
          + "  PackageState(name == \"video-player\", state == \"degraded\")\n"
          + "then\n  $r.deny(\"degraded\");\nend\n";

  private static final String PLAYS =
      "trace: |\n  time,path,value\n  0,Media.Action,PLAY\n  5,Media.Action,PLAY\n"
          + "  10,Media.Action,PLAY\n";

  @Test
  void aPolicyThatReadsPackageStateIsTestedWithFactsGivenAtTheirTimes() throws Exception {
    write("video.yaml", VIDEO);
    write("degraded.drl", DEGRADED_POLICY);
    write(
        "state.spec.yaml",
        "name: degraded from 4 s to 8 s\n"
            + "given:\n"
            + "  - PackageState: {name: video-player, state: running}\n"
            + "  - {at: 4s, PackageState: {name: video-player, state: degraded}}\n"
            + "  - {at: 8, PackageState: {name: video-player, state: running}}\n"
            + PLAYS
            + "expect:\n"
            + "  - {time: 0, decision: allowed}\n"
            + "  - {time: 5, decision: denied, decided_by: no video while degraded}\n"
            + "  - {time: 10, decision: allowed}\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("1 passed, 0 failed"), cli.out());
  }

  @Test
  void aFactGivenBetweenSamplesGetsARoundOfItsOwn() throws Exception {
    write(
        "fail.drl",
        "package p;\n"
            + "rule \"retry after a failure\"\nwhen\n"
            + "  ActionResult(outcome == \"failed\", $t : target)\n"
            + "then\n  actions.launch($t + \"-again\");\nend\n");
    write(
        "result.spec.yaml",
        "name: a seeded failed result at 2.5 s\n"
            + "given:\n"
            + "  - at: 2.5\n"
            + "    ActionResult: {action: launch, target: camera, outcome: failed, reason: gone}\n"
            + "trace: |\n  time,path,value\n  0,A,1\n  5,A,2\n"
            + "expect:\n  - {time: 2.5, rule: retry after a failure, target: camera-again}\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void factsGivenAfterTheLastSampleExtendTheRun() throws Exception {
    write(
        "late.drl",
        "package q;\n"
            + "rule \"degraded seen\"\nwhen\n"
            + "  PackageState(state == \"degraded\", $n : name)\n"
            + "then\n  actions.update($n);\nend\n");
    write(
        "late.spec.yaml",
        "given: [{at: 30s, PackageState: {name: nav, state: degraded}}]\n"
            + "trace: |\n  time,path,value\n  0,A,1\n"
            + "expect:\n  - {time: 30, rule: degraded seen, target: nav, decision: allowed}\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void theEarlierFailingFormStillWorksBesideFacts() throws Exception {
    write(
        "fallback.drl",
        "package p;\n"
            + "rule \"fallback\"\nwhen\n"
            + "  ActionResult(outcome == \"failed\", target == \"camera\", $why : reason)\n"
            + "  PolicySpec(name == \"cam\", cpuThreshold > 50)\n"
            + "then\n  actions.launch(\"fallback\");\nend\n"
            + "rule \"camera\"\nwhen\n  Signal(path == \"Gear\", number < 0)\n"
            + "then\n  actions.launch(\"camera\");\nend\n");
    write(
        "both.spec.yaml",
        "given:\n"
            + "  failing: [{action: launch, target: camera}]\n"
            + "  PolicySpec: {name: cam, availableNodes: [hpc], cpuThreshold: 80}\n"
            + "trace: |\n  time,path,value\n  1,Gear,-1\n"
            + "expect:\n  - {time: 1, target: camera}\n  - {time: 1, target: fallback}\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void everyMistakeInGivenNamesItsLineAndField() throws Exception {
    write("video.yaml", VIDEO);
    Path spec =
        write(
            "bad.spec.yaml",
            "given:\n"
                + "  - PackageStat: {name: x, state: y}\n"
                + "  - PackageState: {name: x, stat: y}\n"
                + "  - PolicySpec: {name: p, cpuThreshold: high}\n"
                + "  - {at: soon, ModelState: {name: m, state: dead}}\n"
                + "  - {at: 2s, failing: [{action: launch}]}\n"
                + PLAYS
                + "expect: []\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    String out = cli.out();
    assertTrue(
        out.contains(
            spec
                + ":2:18: given: unknown fact type 'PackageStat' (did you mean 'PackageState'?)"
                + " (known: ScenarioState, PackageState, ModelState, PackageSpec, ModelSpec,"
                + " PolicySpec, NetworkUsage, ActionResult, DeadlineMiss, failing, and at)"),
        out);
    assertTrue(
        out.contains(
            spec
                + ":3:35: given.PackageState: unknown field 'stat' (did you mean 'state'?)"
                + " (known: name, state)"),
        out);
    assertTrue(
        out.contains(
            spec + ":3:19: given.PackageState.state: required (PackageState has name," + " state)"),
        out);
    assertTrue(
        out.contains(spec + ":4:41: given.PolicySpec.cpuThreshold: must be a number, not 'high'"),
        out);
    assertTrue(out.contains(spec + ":5:10: given.at: bad duration 'soon'"), out);
    assertTrue(
        out.contains(
            spec
                + ":6:10: given.at: failing holds for the whole run (the dry run fails every such request,"
                + " whenever it comes); give it in an item without at, or, for a failure from"
                + " a time on, seed {at: T, ActionResult"),
        out);
  }

  @Test
  void aGivenAfterUntilIsRefused() throws Exception {
    write("video.yaml", VIDEO);
    Path spec =
        write(
            "until.spec.yaml",
            "until: 10\ngiven:\n  - {at: 20s, PackageState: {name: x, state: y}}\n"
                + PLAYS
                + "expect: []\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                spec
                    + ":3: given PackageState at 20.0 s is after until (10.0 s): it would never"
                    + " reach the session"),
        cli.out());
  }
}
