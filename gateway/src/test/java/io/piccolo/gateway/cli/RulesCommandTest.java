package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void rulesCheckRefusesAScheduleParameterTheTimpaniExecutorWouldNotRead() throws Exception {
    Path yaml = dir.resolve("slow.yaml");
    java.nio.file.Files.writeString(
        yaml,
        "apiVersion: v1\nkind: Scenario\nmetadata: {name: slow}\nspec:\n"
            + "  when: {signal: Vehicle.Speed, op: gt, value: 100}\n"
            + "  action: schedule\n  target: adas-control\n"
            + "  params: {task: lane-keeping, perod: 20000}\n");
    Cli cli = Cli.run("rules", "check", yaml.toString());
    assertEquals(1, cli.exitCode(), cli.toString());
    assertEquals(
        yaml
            + ":8:39: document 1 (Scenario slow): spec.params.perod: unknown parameter of schedule"
            + " (did you mean 'period'?) (known: schedule, task, period, runtime, deadline)",
        cli.out().strip());
  }

  @Test
  void theExampleRulesCheckClean() {
    Cli cli = Cli.run("rules", "check", Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("ok: "), cli.out());
  }

  @Test
  void everyProblemIsOneLineWithFileLineAndColumn() throws Exception {
    Path yaml =
        write(
            "bad.yaml",
            "kind: Scenario\nmetadata: {name: a}\nspec:\n  when: {signal: Vehicle.Speed, op: above, value: 1}\n  action: launch\n  target: t\n");
    Path drl = write("bad.drl", "package p;\nrule r when\n  Signal(nosuch > 1)\nthen end\n");
    Cli cli = Cli.run("rules", "check", yaml.toString(), drl.toString());
    assertEquals(1, cli.exitCode());
    assertEquals(
        drl
            + ":3:3: unknown field 'nosuch' on Signal\n"
            + yaml
            + ":4:37: document 1 (Scenario a): spec.when.op: unknown operator 'above' (use eq, ne, lt, le, gt, ge)\n",
        cli.out());
    Cli drlOnly = Cli.run("rules", "check", drl.toString());
    assertEquals(1, drlOnly.exitCode());
    assertEquals(drl + ":3:3: unknown field 'nosuch' on Signal\n", drlOnly.out());
  }

  @Test
  void duplicateScenarioNamesAreErrors() throws Exception {
    String s = "kind: Scenario\nmetadata: {name: same}\nspec: {action: launch, target: t}\n";
    Path a = write("a.yaml", s);
    Path b = write("b.yaml", s);
    Cli cli = Cli.run("rules", "check", a.toString(), b.toString());
    assertEquals(1, cli.exitCode());
    assertEquals(
        b + ":1:1: duplicate scenario name 'same' (first defined at " + a + ":1:1)\n", cli.out());
  }

  @Test
  void unknownSignalPathsWarnAndFailUnderStrict() throws Exception {
    Path vss = SharedData.require("vss/vss_release_6.0.json");
    Path yaml =
        write(
            "paths.yaml",
            "kind: Scenario\nmetadata: {name: a}\nspec:\n  when: {signal: Vehicle.Sped, op: gt, value: 1}\n  action: launch\n  target: t\n");
    Cli lenient = Cli.run("rules", "check", "--vss", vss.toString(), yaml.toString());
    assertEquals(0, lenient.exitCode(), lenient::toString);
    assertTrue(
        lenient
            .out()
            .startsWith(
                yaml + ":4:18: warning: signal 'Vehicle.Sped' is not in the VSS catalogue\n"),
        lenient.out());
    Cli strict = Cli.run("rules", "check", "--vss", vss.toString(), "--strict", yaml.toString());
    assertEquals(1, strict.exitCode());
    assertEquals(yaml + ":4:18: signal 'Vehicle.Sped' is not in the VSS catalogue\n", strict.out());
  }

  @Test
  void theExampleRulesUseOnlyVssPaths() {
    Path vss = SharedData.require("vss/vss_release_6.0.json");
    Cli cli =
        Cli.run(
            "rules",
            "check",
            "--strict",
            "--vss",
            vss.toString(),
            Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void explainShowsWhatEachScenarioBecame() {
    Cli cli = Cli.run("rules", "check", "--explain", Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("scenario sustained-high-speed"), cli.out());
    assertTrue(
        cli.out()
            .contains("Vehicle.Speed: number > 120, held for 10s (a timer on the session clock)"),
        cli.out());
    assertTrue(
        cli.out()
            .contains(
                "rule no video while moving  ("
                    + Cli.REPO.resolve("rules/policies/no-video-while-moving.drl")
                    + ":3)\n  compiled into: a DRL rule matching ActionRequest, so a policy"),
        cli.out());
    assertTrue(cli.out().contains("SignalEvent events for: no path"), cli.out());
    assertTrue(
        cli.out()
            .contains(
                "window kept by the engine (no events in the session): average of Vehicle.Speed"
                    + " over 1m"),
        cli.out());
  }

  @Test
  void theExampleSpecsPass() {
    Cli cli = Cli.run("rules", "test", Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().matches("(?s).*\\n\\d+ passed, 0 failed\\n"), cli.out());
  }

  @Test
  void aFailingSpecSaysWhatDiffered() throws Exception {
    write(
        "fast.yaml",
        "kind: Scenario\nmetadata: {name: fast}\nspec:\n  when: {signal: Vehicle.Speed, op: gt, value: 100}\n  action: launch\n  target: t\n");
    write(
        "fast.spec.yaml",
        "name: wrong time\ntrace: |\n  time,path,value\n  0,Vehicle.Speed,120\nexpect:\n  - {time: 1, scenario: fast, action: launch, target: t, decision: allowed}\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(1, cli.exitCode());
    assertTrue(cli.out().contains("FAIL wrong time"), cli.out());
    assertTrue(cli.out().contains("action #1: time expected 1.0 s but was 0.0 s"), cli.out());
    assertTrue(cli.out().endsWith("0 passed, 1 failed\n"), cli.out());
  }

  @Test
  void aBrokenSpecFileIsAFailureNamingItsLine() throws Exception {
    write("x.yaml", "kind: Scenario\nmetadata: {name: x}\nspec: {action: launch, target: t}\n");
    Path spec =
        write("broken.spec.yaml", "trace: |\n  time,path,value\n  0,A,1\nexpect:\n  - {tyme: 1}\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode());
    assertTrue(cli.out().contains(spec + ":5:12: unknown field 'tyme'"), cli.out());
  }

  @Test
  void everyScenarioFeatureWorksFromYamlThroughTheCommandLine() throws Exception {
    Path features = Path.of(RulesCommandTest.class.getResource("/features").toURI());
    Cli cli = Cli.run("rules", "test", features.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().endsWith("1 passed, 0 failed\n"), cli.out());
  }

  @Test
  void everyBrokenFileIsReportedAtOnce() throws Exception {
    Path yaml =
        write(
            "a.yaml",
            "kind: Scenario\nmetadata: {name: a}\nspec:\n  when: {signal: Vehicle.Speed, op: above, value: 1}\n  action: launch\n  target: t\n");
    Path unknownType = write("b.drl", "package p;\nrule b when\n  Speedo(x > 1)\nthen end\n");
    Path syntax = write("c.drl", "package q;\nrule c when\n  Signal(number >)\nthen end\n");
    Path clash = write("d.drl", "package r;\nrule \"b\" when Signal() then end\n");
    Cli cli = Cli.run("rules", "check", dir.toString());
    assertEquals(1, cli.exitCode());
    assertEquals(
        List.of(
            yaml
                + ":4:37: document 1 (Scenario a): spec.when.op: unknown operator 'above' (use eq, ne, lt, le, gt, ge)",
            unknownType + ":3:3: Unable to resolve ObjectType 'Speedo'",
            syntax + ":3:18: no viable alternative at input ')' in rule \"c\"",
            clash
                + ":2:1: rule name 'b' is already used at "
                + unknownType
                + ":2:1; names must be unique across scenarios and rules"),
        List.of(cli.outLines()));
  }

  @Test
  void aMissingPathIsBadInput() {
    Cli cli = Cli.run("rules", "check", dir.resolve("nope.drl").toString());
    assertEquals(2, cli.exitCode());
    assertEquals("piccolo: " + dir.resolve("nope.drl") + ": no such file or folder\n", cli.err());
  }

  @Test
  void oneUnreadableCaseDoesNotStopTheOthers() throws Exception {
    write(
        "x.yaml",
        "kind: Scenario\nmetadata: {name: x}\nspec:\n  when: {signal: A, op: gt, value: 1}\n  action: launch\n  target: t\n");
    Path spec =
        write(
            "two.spec.yaml",
            "name: broken trace\ntrace: |\n  time,path,value\n  0,A,2\n  zero,A,3\nexpect: []\n---\n"
                + "name: fine\ntrace: |\n  time,path,value\n  0,A,2\nexpect:\n  - {time: 0, scenario: x}\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode());
    assertTrue(cli.out().contains("FAIL broken trace"), cli.out());
    assertTrue(cli.out().contains(spec + ":5: time 'zero' is not a number of seconds"), cli.out());
    assertTrue(cli.out().contains("PASS fine"), cli.out());
    assertTrue(cli.out().endsWith("1 passed, 1 failed\n"), cli.out());
  }
}
