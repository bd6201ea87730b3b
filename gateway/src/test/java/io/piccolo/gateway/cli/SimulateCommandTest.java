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
  void aMalformedTraceLineEndsTheRunWithExitTwoAfterTheDecisionsBeforeIt() throws Exception {
    Files.writeString(
        trace,
        "time,path,value\n0,Vehicle.Speed,0\n5,Vehicle.Cabin.Infotainment.Media.Action,PLAY\n"
            + "6,Vehicle.Speed\n7,Vehicle.Speed,1\n");
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
    assertTrue(
        cli.err()
            .endsWith(
                "piccolo: "
                    + trace
                    + ":4: expected three fields time,path,value, found 2 in '6,Vehicle.Speed'"
                    + " (quote a value that holds a comma)\n"),
        cli::toString);
    List<String> written = Files.readAllLines(out);
    assertEquals(1, written.size(), written::toString);
    assertTrue(written.get(0).startsWith("{\"time\":5.0,\"scenario\":\"video-on-play\""));
  }

  @Test
  void aMalformedLineThatMayBelongToAnInstantKeepsThatInstantOutOfTheOutput() throws Exception {
    Files.writeString(
        trace,
        "time,path,value\n0,Vehicle.Speed,0\n5,Vehicle.Cabin.Infotainment.Media.Action,PLAY\n"
            + "5,Vehicle.Speed,\"unclosed\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertEquals(0, cli.outLines().length, "the instant at 5 s was not complete: " + cli);
    assertTrue(cli.err().contains(trace + ":4: a quoted field is not closed"), cli::toString);
  }

  @Test
  void aMalformedLineAfterUntilIsNotPartOfTheRun() throws Exception {
    Files.writeString(
        trace,
        "time,path,value\n0,Vehicle.Speed,0\n5,Vehicle.Cabin.Infotainment.Media.Action,PLAY\n"
            + "9,Vehicle.Speed,\"unclosed\n");
    Cli cli =
        Cli.run(
            "simulate", "--rules", rules.toString(), "--trace", trace.toString(), "--until", "6");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(1, cli.outLines().length, cli::toString);
  }

  @Test
  void decisionsOfOneTimeFromTimerAndSampleRoundsComeOutSortedAsOneRun() throws Exception {
    // b-held fires from its for: timer at 2 s, a-now from the sample round at 2 s: the output is
    // sorted by scenario within the time, as sorting the whole run would sort it
    Files.writeString(
        rules.resolve("timed.yaml"),
        """
        apiVersion: v1
        kind: Scenario
        metadata:
          name: b-held
        spec:
          when: {signal: Vehicle.Speed, op: gt, value: 10, for: 2s}
          action: launch
          target: video-player
        ---
        apiVersion: v1
        kind: Scenario
        metadata:
          name: a-now
        spec:
          when: {signal: Vehicle.Body.Lights.IsHighBeamOn, op: eq, value: true}
          action: launch
          target: video-player
        """);
    Files.writeString(
        trace, "time,path,value\n0,Vehicle.Speed,20\n2,Vehicle.Body.Lights.IsHighBeamOn,true\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    assertEquals(2, lines.length, cli::toString);
    assertTrue(lines[0].startsWith("{\"time\":2.0,\"scenario\":\"a-now\""), cli::toString);
    assertTrue(lines[1].startsWith("{\"time\":2.0,\"scenario\":\"b-held\""), cli::toString);
  }

  @Test
  void aTraceThatIsNotUtf8NamesTheLineAndByteOffsetOfTheFirstBadByte() throws Exception {
    byte[] head = "time,path,value\n0,Vehicle.Speed,1\n1,Vehicle.Speed,".getBytes();
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
    bytes[head.length] = (byte) 0xFF;
    bytes[head.length + 1] = '\n';
    Files.write(trace, bytes);
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                trace
                    + ":3: not UTF-8 text: byte 0xFF at byte offset "
                    + head.length
                    + " cannot start or continue a character"),
        cli::toString);
    assertFalse(cli.err().contains("MalformedInput"), cli::toString);
  }

  @Test
  @Timeout(30)
  void anEndlessTraceWithoutLineBreaksIsRefusedInsteadOfHanging() {
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", "/dev/zero");
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(cli.err().contains("/dev/zero:1: line longer than 1048576 bytes"), cli::toString);
  }

  @Test
  void timesBeyondTheLatestARunCanReachAreRefusedWithTheirField() throws Exception {
    Cli until =
        Cli.run(
            "simulate",
            "--rules",
            rules.toString(),
            "--trace",
            trace.toString(),
            "--until",
            "1e16");
    assertEquals(2, until.exitCode(), until::toString);
    assertTrue(
        until.err().contains("--until: time 1e16 is beyond the latest time a run can reach"),
        until::toString);
    Files.writeString(trace, "time,path,value\n1e16,Vehicle.Speed,1\n");
    Cli line = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(2, line.exitCode(), line::toString);
    assertTrue(
        line.err().contains(trace + ":2: time 1e16 is beyond the latest time"), line::toString);
  }

  @Test
  void theReportTableListsAsManyDecisionsAsTheSettingSaysAndCountsThemAll() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "report:\n  decision-rows: 1\n");
    Path report = dir.resolve("report.html");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            rules.toString(),
            "--trace",
            trace.toString(),
            "--report",
            report.toString(),
            "--config",
            config.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    String html = Files.readString(report);
    String table = html.substring(html.indexOf("<section id=\"decisions\">"));
    table = table.substring(0, table.indexOf("</section>"));
    assertTrue(table.contains("<h2>Decisions (2)</h2>"), table);
    assertEquals(2, table.split("<tr").length - 1, "a header and one row: " + table);
    assertTrue(table.contains("The first 1 of 2 decisions"), table);
    String rulesTable = html.substring(html.indexOf("<section id=\"rules\">"));
    String row = rulesTable.substring(rulesTable.indexOf("<td>video-on-play</td>"));
    row = row.substring(0, row.indexOf("</tr>"));
    assertTrue(row.startsWith("<td>video-on-play</td><td>scenario</td>"), row);
    assertTrue(
        row.contains("<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">1</td>"),
        row);
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
                "piccolo: "
                    + rules.resolve("broken.drl")
                    + ":2: rule 'divide' failed at 10.0 s in its consequence:"
                    + " java.lang.ArithmeticException: / by zero\n"),
        cli.err());
  }

  @Test
  void aGroupWithoutSubcommandIsAUsageError() {
    assertEquals(2, Cli.run("rules").exitCode());
    assertEquals(2, Cli.run("bench").exitCode());
  }

  @Test
  void aScenarioWhoseNameCannotBeAStoreKeyIsRefusedAsApplyRefusesIt() throws Exception {
    Path bad = rules.resolve("bad.yaml");
    Files.writeString(
        bad,
        "kind: Scenario\nmetadata:\n  name: video/on\nspec:\n"
            + "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n  action: launch\n"
            + "  target: video-player\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                bad
                    + ":3:9: document 1 (Scenario 'video/on'): metadata.name: 'video/on' holds '/';"),
        cli.err());
    assertEquals("", cli.out());
  }

  @Test
  void aWronglyCasedKindSaysWhichKindItMeant() throws Exception {
    Path lower = rules.resolve("lower.yaml");
    Files.writeString(
        lower,
        "kind: scenario\nmetadata: {name: quiet}\nspec:\n"
            + "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n  action: launch\n"
            + "  target: video-player\n");
    Cli cli = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                lower
                    + ":1:7: document 1 (scenario quiet): kind: 'scenario' is not a kind; did you"
                    + " mean 'Scenario'?"),
        cli.err());
  }
}
