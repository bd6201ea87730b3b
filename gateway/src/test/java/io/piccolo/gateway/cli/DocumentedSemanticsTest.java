package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviours docs/rule-authoring.md states where the rest of the docs leave a choice open, each
 * as a spec run through {@code rules test}, as an author would check them.
 */
class DocumentedSemanticsTest {
  @TempDir Path dir;

  private void write(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }

  private void passes() {
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  private static String scenario(String name, String spec) {
    return "apiVersion: v1\nkind: Scenario\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
  }

  @Test
  void aScenarioWithoutConditionFiresAtZeroEvenWhenTheFirstSampleIsLater() throws Exception {
    write("start.yaml", scenario("at-start", "  condition: null\n  action: launch\n  target: t\n"));
    write(
        "start.spec.yaml",
        "name: fires at 0\ntrace: |\n  time,path,value\n  7.5,Vehicle.Speed,3\n"
            + "expect:\n  - {time: 0, scenario: at-start, action: launch}\n");
    passes();
  }

  @Test
  void aConditionTrueBeforeAnySampleFiresAtZeroAsOneWithoutConditionDoes() throws Exception {
    write(
        "parked.yaml",
        scenario(
            "parked",
            "  when:\n    not:\n      - {signal: Vehicle.Speed, op: gt, value: 5}\n"
                + "  action: launch\n  target: t\n"));
    write(
        "silent.yaml",
        scenario(
            "silent",
            "  when: {signal: Vehicle.Speed, known: false}\n  action: launch\n  target: u\n"));
    write(
        "start.spec.yaml",
        "name: true before any sample, first sample later\ntrace: |\n  time,path,value\n"
            + "  7.5,Vehicle.Speed,3\nexpect:\n  - {time: 0, scenario: parked, action: launch}\n"
            + "  - {time: 0, scenario: silent, action: launch}\nmatch: unordered\n"
            + "---\nname: true before any sample, a given fact first at 2 s\ngiven:\n"
            + "  - {at: 2s, PackageState: {name: t, state: idle}}\ntrace: |\n  time,path,value\n"
            + "  7.5,Vehicle.Speed,3\nexpect:\n  - {time: 0, scenario: parked, action: launch}\n"
            + "  - {time: 0, scenario: silent, action: launch}\nmatch: unordered\n");
    passes();
  }

  @Test
  void aLevelScenarioWithForFiresAtItsTimerThenAtEverySampleWhileTrue() throws Exception {
    write(
        "level.yaml",
        scenario(
            "fast-level",
            "  when: {signal: Vehicle.Speed, op: gt, value: 120, for: 10s}\n"
                + "  trigger: level\n  action: launch\n  target: t\n"));
    write(
        "level.spec.yaml",
        "name: level with for\ntrace: |\n  time,path,value\n  0,Vehicle.Speed,130\n"
            + "  5,Vehicle.Speed,131\n  12,Vehicle.Speed,132\n  13,Vehicle.Speed,100\n"
            + "  14,Vehicle.Speed,133\nexpect:\n  - {time: 10, scenario: fast-level}\n"
            + "  - {time: 12, scenario: fast-level}\n");
    passes();
  }

  @Test
  void severalAllowingPoliciesAreAllNamedInRuleNameOrder() throws Exception {
    write("ask.yaml", scenario("ask", "  condition: null\n  action: launch\n  target: app\n"));
    write(
        "allow.drl",
        "package p;\n\nrule \"b allows\"\nwhen\n    $r : ActionRequest(target == \"app\")\n"
            + "then\n    $r.allow(\"b says yes\");\nend\n\nrule \"a allows\"\nwhen\n"
            + "    $r : ActionRequest(target == \"app\")\nthen\n    $r.allow();\nend\n");
    write(
        "allow.spec.yaml",
        "name: both allow\ntrace: |\n  time,path,value\n  0,A,1\nexpect:\n"
            + "  - {time: 0, decision: allowed, decided_by: a allows; b allows,"
            + " reason: allowed by policy; b says yes}\n");
    passes();
  }

  @Test
  void aDenyWinsOverAnAllowAndOnlyTheDenyingPolicyIsReported() throws Exception {
    write("ask.yaml", scenario("ask", "  condition: null\n  action: launch\n  target: app\n"));
    write(
        "mixed.drl",
        "package p;\n\nrule \"a allows\"\nwhen\n    $r : ActionRequest(target == \"app\")\n"
            + "then\n    $r.allow(\"a says yes\");\nend\n\nrule \"b denies\"\nwhen\n"
            + "    $r : ActionRequest(target == \"app\")\nthen\n    $r.deny(\"b says no\");\nend\n");
    write(
        "mixed.spec.yaml",
        "name: deny wins\ntrace: |\n  time,path,value\n  0,A,1\nexpect:\n"
            + "  - {time: 0, decision: denied, decided_by: b denies, reason: b says no}\n");
    passes();
  }

  @Test
  void theCooldownEndsExactlyAtItsLengthAndASuppressedFiringDoesNotRestartIt() throws Exception {
    write(
        "cool.yaml",
        scenario(
            "cool",
            "  when: {signal: Vehicle.Speed, op: gt, value: 100}\n  trigger: level\n"
                + "  cooldown: 10s\n  action: launch\n  target: t\n"));
    write(
        "cool.spec.yaml",
        "name: cooldown boundary\ntrace: |\n  time,path,value\n  0,Vehicle.Speed,101\n"
            + "  5,Vehicle.Speed,102\n  9.999,Vehicle.Speed,103\n  10,Vehicle.Speed,104\n"
            + "  15,Vehicle.Speed,105\n  20,Vehicle.Speed,106\nexpect:\n  - {time: 0}\n"
            + "  - {time: 10}\n  - {time: 20}\n");
    passes();
  }

  @Test
  void aWindowsClearingRuleFiresAfterTheLastEventOnlyWhenTheRunLastsThatLong() throws Exception {
    write(
        "quiet.drl",
        "package p;\n\ndeclare Busy end\n\nrule \"busy\"\nwhen\n    not Busy()\n"
            + "    SignalEvent(path == \"Vehicle.Speed\") over window:time(10s)\nthen\n"
            + "    insert(new Busy());\n"
            + "    actions.launch(\"busy-light\");\nend\n\nrule \"quiet\"\nwhen\n    $b : Busy()\n"
            + "    not SignalEvent(path == \"Vehicle.Speed\") over window:time(10s)\nthen\n"
            + "    delete($b);\n    actions.terminate(\"busy-light\");\nend\n");
    String trace = "trace: |\n  time,path,value\n  0,Vehicle.Speed,1\n  5,Vehicle.Speed,2\n";
    write(
        "quiet.spec.yaml",
        "name: run ends at the last sample\n"
            + trace
            + "expect:\n  - {time: 0, rule: busy, action: launch}\n---\n"
            + "name: until lets the window empty\nuntil: 30\n"
            + trace
            + "expect:\n  - {time: 0, rule: busy, action: launch}\n"
            + "  - {time: 15, rule: quiet, action: terminate}\n");
    passes();
  }

  @Test
  void aTimerDueExactlyAtUntilFires() throws Exception {
    write(
        "held.yaml",
        scenario(
            "held",
            "  when: {signal: Vehicle.Speed, op: gt, value: 120, for: 10s}\n"
                + "  action: launch\n  target: t\n"));
    String trace = "trace: |\n  time,path,value\n  0,Vehicle.Speed,130\n";
    write(
        "held.spec.yaml",
        "name: due at until\nuntil: 10\n"
            + trace
            + "expect:\n  - {time: 10, scenario: held}\n---\n"
            + "name: due after until\nuntil: 9.999\n"
            + trace
            + "expect: []\n");
    passes();
  }

  @Test
  void aDrlSampleOverwrittenWithinTheSameInstantIsSeenOnlyAsAnEvent() throws Exception {
    write(
        "same.drl",
        "package p;\n\nrule \"fast signal\"\nwhen\n"
            + "    Signal(path == \"Vehicle.Speed\", number > 100)\nthen\n"
            + "    actions.launch(\"signal-saw-it\");\nend\n\nrule \"fast event\"\nwhen\n"
            + "    SignalEvent(path == \"Vehicle.Speed\", number > 100)\nthen\n"
            + "    actions.launch(\"event-saw-it\");\nend\n");
    write(
        "same.spec.yaml",
        "name: overwritten in one instant\ntrace: |\n  time,path,value\n  1,Vehicle.Speed,150\n"
            + "  1,Vehicle.Speed,50\nexpect:\n  - {time: 1, rule: fast event, target: event-saw-it}\n");
    passes();
  }
}
