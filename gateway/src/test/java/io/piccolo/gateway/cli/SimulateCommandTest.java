package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;
  Path rules;
  Path trace;

  @BeforeEach
  void files() throws Exception {
    rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("video.yaml"),
        """
        apiVersion: v1
        kind: Scenario
        metadata:
          name: video-on-play
        spec:
          when: {signal: Vehicle.Cabin.Infotainment.Media.Action, op: eq, value: PLAY}
          action: launch
          target: video-player
        ---
        apiVersion: v1
        kind: Package
        metadata:
          name: video-player
        spec:
          models: [{name: video-player, node: HPC}]
        """);
    Files.writeString(
        rules.resolve("policy.drl"),
        """
        package policies;

        rule "no video while moving"
        when
            $r : ActionRequest(target == "video-player")
            Signal(path == "Vehicle.Speed", number > 0)
        then
            $r.deny("vehicle is moving");
        end
        """);
    trace = dir.resolve("drive.csv");
    Files.writeString(
        trace,
        """
        time,path,value
        0,Vehicle.Speed,0
        5,Vehicle.Cabin.Infotainment.Media.Action,PLAY
        8,Vehicle.Cabin.Infotainment.Media.Action,STOP
        10,Vehicle.Speed,30
        12,Vehicle.Cabin.Infotainment.Media.Action,PLAY
        """);
  }

  @Test
  void writesOneJsonLinePerDecidedAction() {
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(
        List.of(
            "{\"time\":5.0,\"scenario\":\"video-on-play\",\"rule\":\"video-on-play\",\"action\":\"launch\",\"target\":\"video-player\",\"decision\":\"allowed\",\"decided_by\":\"default\",\"reason\":\"allowed by default\"}",
            "{\"time\":12.0,\"scenario\":\"video-on-play\",\"rule\":\"video-on-play\",\"action\":\"launch\",\"target\":\"video-player\",\"decision\":\"denied\",\"decided_by\":\"no video while moving\",\"reason\":\"vehicle is moving\"}"),
        List.of(cli.outLines()));
    assertTrue(
        cli.err().contains("5 signals; rules fired 3 time(s); 2 action(s): 1 allowed, 1 denied;"),
        cli.err());
    assertTrue(cli.err().contains("note: read 1 Package artifact(s)"), cli.err());
  }

  @Test
  void untilEndsTheRunAndOutGoesToAFile() throws Exception {
    Path out = dir.resolve("out.jsonl");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            rules.toString(),
            "--trace",
            trace.toString(),
            "--until",
            "11.5",
            "--out",
            out.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals("", cli.out());
    assertEquals(1, Files.readAllLines(out).size());
  }

  @Test
  void denyByDefaultDeniesUndecidedRequests() {
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            rules.toString(),
            "--trace",
            trace.toString(),
            "--default-decision",
            "deny");
    assertTrue(
        cli.outLines()[0].contains(
            "\"decision\":\"denied\",\"decided_by\":\"default\",\"reason\":\"denied by default\""),
        cli::toString);
  }

  @Test
  void aMalformedTraceLineStopsTheRunBeforeAnyOutput() throws Exception {
    Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,0\n5,Vehicle.Speed\n");
    Path out = dir.resolve("out.jsonl");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            rules.toString(),
            "--trace",
            trace.toString(),
            "--out",
            out.toString());
    assertEquals(2, cli.exitCode());
    assertEquals(
        "piccolo: "
            + trace
            + ":3: expected three fields time,path,value, found 2 in '5,Vehicle.Speed' (quote a value that holds a comma)\n",
        cli.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aMissingTraceIsNamed() {
    Cli cli =
        Cli.run(
            "simulate", "--rules", rules.toString(), "--trace", dir.resolve("nope.csv").toString());
    assertEquals(2, cli.exitCode());
    assertTrue(
        cli.err().startsWith("piccolo: " + dir.resolve("nope.csv") + ": cannot read trace"),
        cli.err());
    assertFalse(cli.err().contains("\tat "), "no stack trace");
  }

  @Test
  void badRulesAreListedAndNothingRuns() throws Exception {
    Files.writeString(
        rules.resolve("broken.drl"), "package p;\nrule r when\n    Speedo(x > 1)\nthen end\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode());
    assertEquals("", cli.out());
    assertTrue(
        cli.err()
            .contains(rules.resolve("broken.drl") + ":3:5: Unable to resolve ObjectType 'Speedo'"),
        cli.err());
  }

  @Test
  void aTargetNamingNoPackageIsAWarning() throws Exception {
    Files.writeString(
        rules.resolve("more.yaml"),
        "kind: Scenario\nmetadata: {name: radio}\nspec:\n  when: {signal: Vehicle.Speed, op: gt, value: 100}\n  action: launch\n  target: radio\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                "warning: scenario radio targets 'radio', which names no Package in these files"),
        cli.err());
  }

  @Test
  void theWltcReferenceDriveRunsAsIs() {
    Path wltc = SharedData.require("drive-cycles/wltc-class3b.csv");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            Cli.REPO.resolve("rules").toString(),
            "--trace",
            wltc.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.err().contains("1801 signals"), cli.err());
  }

  @Test
  void anUnwritableOutputFailsBeforeTheRun() {
    Path out = dir.resolve("no-such-folder").resolve("out.jsonl");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            rules.toString(),
            "--trace",
            trace.toString(),
            "--out",
            out.toString());
    assertEquals(2, cli.exitCode());
    assertTrue(
        cli.err()
            .endsWith(
                "piccolo: "
                    + out
                    + ": cannot write the output: no folder "
                    + out.getParent()
                    + "\n"),
        cli.err());
  }

  @Test
  void aScenarioWithoutConditionFiresAtTheStartEvenBeforeTheFirstSample() throws Exception {
    Files.writeString(
        rules.resolve("boot.yaml"),
        "kind: Scenario\nmetadata: {name: boot}\nspec:\n  condition: null\n  action: launch\n  target: video-player\n");
    Files.writeString(trace, "time,path,value\n3,Vehicle.Speed,0\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.outLines()[0].startsWith("{\"time\":0.0,\"scenario\":\"boot\""), cli.out());
  }

  @Test
  void anInvalidPackageBesideTheScenariosIsAWarningHere() throws Exception {
    Files.writeString(
        rules.resolve("kinds.yaml"), "kind: Package\nmetadata: {name: p}\nspec:\n  pattern: []\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                ":4:3: warning: document 1 (Package p): spec.models: required (piccolo apply rejects this)"),
        cli.err());
  }

  @Test
  void noCommandIsAUsageError() {
    Cli cli = Cli.run();
    assertEquals(2, cli.exitCode());
    assertTrue(cli.err().contains("Usage: piccolo"), cli.err());
  }

  @Test
  @Timeout(60)
  void withEtcdScenarioStatesAreRecordedWhereEtcdctlSeesThem() throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Cli cli =
          Cli.run(
              "simulate",
              "--rules",
              rules.toString(),
              "--trace",
              trace.toString(),
              "--etcd",
              etcd.endpoint());
      assertEquals(0, cli.exitCode(), cli::toString);
      assertTrue(
          cli.err().contains("recorded 6 scenario state transitions in etcd at " + etcd.endpoint()),
          cli.err());
      Process etcdctl =
          new ProcessBuilder(
                  "etcdctl", "--endpoints=" + etcd.endpoint(), "get", "--prefix", "/scenario/")
              .redirectErrorStream(true)
              .start();
      String listed =
          new String(
              etcdctl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, etcdctl.waitFor());
      // waiting; fired at 5 s: satisfied, allowed, completed; at 12 s: satisfied, denied
      assertEquals("/scenario/video-on-play/state\nSCENARIO_STATE_DENIED\n", listed);
    }
  }

  @Test
  void aFailingRuleIsOneMessageNamingIt() throws Exception {
    Files.writeString(
        rules.resolve("broken.drl"),
        "package p;\nrule \"divide\" when Signal(path == \"Vehicle.Speed\", number > 10) then int z = 0; int q = 1 / z; end\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode());
    assertTrue(
        cli.err()
            .endsWith(
                "piccolo: rule 'divide' (package p) failed at 10.0 s: java.lang.ArithmeticException: / by zero\n"),
        cli.err());
  }

  @Test
  void aGroupWithoutSubcommandIsAUsageError() {
    assertEquals(2, Cli.run("rules").exitCode());
    assertEquals(2, Cli.run("bench").exitCode());
  }
}
