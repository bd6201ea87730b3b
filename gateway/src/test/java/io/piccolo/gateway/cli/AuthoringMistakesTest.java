package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in a rule, spec or trace file is reported where it is, never silently taken. */
class AuthoringMistakesTest {
  private static final String PACKAGE =
      "apiVersion: v1\nkind: Package\nmetadata:\n  name: app\nspec:\n  models:\n"
          + "    - {name: m, node: n}\n---\napiVersion: v1\nkind: Model\nmetadata:\n  name: m\n"
          + "spec:\n  containers:\n    - {name: m, image: example}\n";

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static String scenario(String name, String spec) {
    return "apiVersion: v1\nkind: Scenario\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
  }

  @Test
  void aMisspeltWhenIsAnErrorNotAnUnconditionalScenario() throws Exception {
    Path rules =
        write(
            "ota.yaml",
            scenario(
                "ota-on-stop",
                "  wen:\n    signal: Vehicle.Speed\n    op: eq\n    value: 0\n"
                    + "  action: update\n  target: ota\n"));
    Cli check = Cli.run("rules", "check", rules.toString());
    assertEquals(1, check.exitCode(), check::toString);
    assertTrue(
        check
            .out()
            .startsWith(
                rules
                    + ":7:5: document 1 (Scenario ota-on-stop): spec.wen: unknown field (did you"
                    + " mean 'when'?); without condition or when the scenario would fire at the"
                    + " start of the run"),
        check.out());
    Path trace = write("t.csv", "time,path,value\n5,Vehicle.Speed,0\n");
    Cli run = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertFalse(run.out().contains("\"action\":\"update\""), run.out());
  }

  @Test
  void unknownKeysWarnWithAHintAndAreErrorsUnderStrict() throws Exception {
    Path rules =
        write(
            "wipers.yaml",
            scenario(
                "wipers",
                "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n  action: launch\n"
                    + "  target: t\n  tigger: level\n  cooldwon: 5s\n"));
    Cli lenient = Cli.run("rules", "check", rules.toString());
    assertEquals(0, lenient.exitCode(), lenient::toString);
    assertTrue(
        lenient
            .out()
            .contains(
                rules
                    + ":9:11: warning: document 1 (Scenario wipers): spec.tigger: unknown field,"
                    + " ignored (did you mean 'trigger'?)"),
        lenient.out());
    assertTrue(
        lenient.out().contains("spec.cooldwon: unknown field, ignored (did you mean 'cooldown'?)"),
        lenient.out());
    Cli strict = Cli.run("rules", "check", "--strict", rules.toString());
    assertEquals(1, strict.exitCode(), strict::toString);
    assertTrue(
        strict
            .out()
            .contains(
                rules
                    + ":9:11: document 1 (Scenario wipers): spec.tigger: unknown field (did you mean"
                    + " 'trigger'?)"),
        strict.out());
    assertTrue(
        strict.out().contains(":10:13: document 1 (Scenario wipers): spec.cooldwon"), strict.out());
  }

  @Test
  void pullpiriExamplesStillLoadUnderStrict() {
    for (String example :
        new String[] {
          "helloworld.yaml",
          "helloworld_no_condition.yaml",
          "helloworld_policy.yaml",
          "parameter-test.yaml",
          "schedule-test.yaml"
        }) {
      Path file = SharedData.require("pullpiri-examples/" + example);
      Cli cli = Cli.run("rules", "check", "--strict", file.toString());
      assertEquals(0, cli.exitCode(), cli::toString);
      assertFalse(cli.out().contains("warning"), cli.out());
    }
  }

  @Test
  void offNoAndHexValuesAreTheTextWritten() throws Exception {
    Path rules =
        write(
            "wipers.yaml",
            scenario(
                    "wipers-off",
                    "  when: {signal: Vehicle.Body.Windshield.Front.Wiping.Mode, op: eq, value:"
                        + " OFF}\n  action: terminate\n  target: rain-assist\n")
                + "---\n"
                + scenario(
                    "answer-no",
                    "  when: {signal: Vehicle.Answer, op: eq, value: NO}\n  action: launch\n"
                        + "  target: declined\n")
                + "---\n"
                + scenario(
                    "hex",
                    "  when: {signal: Vehicle.Code, op: eq, value: 0x10}\n  action: launch\n"
                        + "  target: coded\n"));
    Path trace =
        write(
            "t.csv",
            "time,path,value\n1,Vehicle.Body.Windshield.Front.Wiping.Mode,OFF\n"
                + "2,Vehicle.Answer,NO\n3,Vehicle.Code,16\n4,Vehicle.Code,0x10\n");
    Cli run = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, run.exitCode(), run::toString);
    String[] lines = run.outLines();
    assertEquals(3, lines.length, run.out());
    assertTrue(lines[0].startsWith("{\"time\":1.0,\"scenario\":\"wipers-off\""), lines[0]);
    assertTrue(lines[1].startsWith("{\"time\":2.0,\"scenario\":\"answer-no\""), lines[1]);
    assertTrue(lines[2].startsWith("{\"time\":4.0,\"scenario\":\"hex\""), lines[2]);
  }

  @Test
  void explainShowsHowEachValueWasRead() throws Exception {
    Path rules =
        write(
            "values.yaml",
            scenario(
                "values",
                "  when:\n    all:\n"
                    + "      - {signal: Vehicle.Body.Windshield.Front.Wiping.Mode, op: eq, value: OFF}\n"
                    + "      - {signal: Vehicle.Speed, op: gt, value: 5}\n"
                    + "      - {signal: Vehicle.Cabin.Door.Row1.DriverSide.IsOpen, op: eq, value: \"5\"}\n"
                    + "      - {signal: Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen, op: eq, value: True}\n"
                    + "  action: launch\n  target: t\n"));
    Cli cli = Cli.run("rules", "check", "--explain", rules.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "Vehicle.Body.Windshield.Front.Wiping.Mode: case-insensitive text == \"OFF\""
                    + " [value read as the text \"OFF\"]"),
        cli.out());
    assertTrue(cli.out().contains("number > 5 [value read as the number 5]"), cli.out());
    assertTrue(cli.out().contains("[value read as the text \"5\"]"), cli.out());
    assertTrue(cli.out().contains("[value read as the boolean true]"), cli.out());
  }

  @Test
  void storedArtifactsKeepEachValueAsWritten() throws Exception {
    Path store = dir.resolve("store.json");
    Path file =
        write(
            "a.yaml",
            scenario(
                    "kept",
                    "  when:\n    any:\n"
                        + "      - {signal: A, op: eq, value: OFF}\n"
                        + "      - {signal: B, op: eq, value: 0x10}\n"
                        + "      - {signal: C, op: eq, value: \"5\"}\n"
                        + "      - {signal: D, op: eq, value: 5}\n"
                        + "      - {signal: E, op: eq, value: tRuE}\n"
                        + "  action: launch\n  target: app\n")
                + "---\n"
                + PACKAGE);
    assertEquals(
        0, Cli.run("apply", "--store", store.toString(), "-f", file.toString()).exitCode());
    Cli json = Cli.run("get", "Scenario", "kept", "-o", "json", "--store", store.toString());
    assertEquals(0, json.exitCode(), json::toString);
    String compact = json.out().replaceAll("\\s+", "");
    assertTrue(compact.contains("\"value\":\"OFF\""), compact);
    assertTrue(compact.contains("\"value\":\"0x10\""), compact);
    assertTrue(compact.contains("\"value\":\"5\""), compact);
    assertTrue(compact.contains("\"value\":5}"), compact);
    assertTrue(compact.contains("\"value\":true"), compact);
    // the YAML printed reads back as the same values
    Cli yaml = Cli.run("get", "Scenario", "kept", "-o", "yaml", "--store", store.toString());
    Path again = write("again.yaml", yaml.out());
    Path second = dir.resolve("second.json");
    Path pkg = write("pkg.yaml", PACKAGE);
    assertEquals(
        0,
        Cli.run("apply", "--store", second.toString(), "-f", pkg.toString(), "-f", again.toString())
            .exitCode());
    Cli reread = Cli.run("get", "Scenario", "kept", "-o", "json", "--store", second.toString());
    assertEquals(json.out(), reread.out());
  }

  @Test
  void valuesASignalCannotTakeWarnAndFailUnderStrict() throws Exception {
    Path vss = SharedData.require("vss/vss_release_6.0.json");
    Path rules =
        write(
            "bad-values.yaml",
            scenario(
                    "turbo",
                    "  when: {signal: Vehicle.Body.Windshield.Front.Wiping.Mode, op: eq, value: TURBO}\n"
                        + "  action: launch\n  target: t\n")
                + "---\n"
                + scenario(
                    "gear",
                    "  when: {signal: Vehicle.Powertrain.Transmission.CurrentGear, op: gt, value: 300}\n"
                        + "  action: launch\n  target: t\n"));
    Cli lenient = Cli.run("rules", "check", "--vss", vss.toString(), rules.toString());
    assertEquals(0, lenient.exitCode(), lenient::toString);
    assertTrue(
        lenient
            .out()
            .contains(
                rules
                    + ":6:18: warning: scenario turbo: value 'TURBO' (text) for"
                    + " 'Vehicle.Body.Windshield.Front.Wiping.Mode': not one of the signal's allowed"
                    + " values [OFF, SLOW, MEDIUM, FAST, INTERVAL, RAIN_SENSOR]"),
        lenient.out());
    assertTrue(
        lenient.out().contains("outside the signal's range -128 to 127 (int8)"), lenient.out());
    Cli strict = Cli.run("rules", "check", "--strict", "--vss", vss.toString(), rules.toString());
    assertEquals(1, strict.exitCode(), strict::toString);
    assertTrue(strict.out().contains(rules + ":6:18: scenario turbo: value 'TURBO'"), strict.out());
  }

  @Test
  void aDrlFileWithoutAPackageLineIsRefusedAtItsStart() throws Exception {
    Path drl = write("nopkg.drl", "rule \"r\" when Speedometer(value > 1) then end\n");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertEquals(
        drl
            + ":1:1: a DRL file needs a package line before its rules, e.g. 'package rules.camera;'"
            + " (the engine adds the imports of its facts there)\n",
        cli.out());
  }

  @Test
  void aDrlFileWithoutCodeNeedsNoPackageLine() throws Exception {
    Path empty = write("empty.drl", "");
    Path comments = write("comments.drl", "// rules to come\n/* none yet */\n");
    Cli cli = Cli.run("rules", "check", empty.toString(), comments.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void aJavaErrorInAThenBlockPointsAtItsOwnLine() throws Exception {
    Path drl =
        write(
            "then.drl",
            "package p;\n\nrule \"thenbad\"\nwhen\n    Signal(path == \"Vehicle.Speed\")\nthen\n"
                + "    actions.launch(\"a\");\n      int x = \"text\";\nend\n");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertEquals(
        drl
            + ":8:7: rule 'thenbad': Type mismatch: cannot convert from String to int (in its then"
            + " block)\n",
        cli.out());
  }

  @Test
  void explainGivesFileAndLineOfDrlRulesAndLeavesQueriesOut() throws Exception {
    Path drl =
        write(
            "q.drl",
            "package p;\n\nrule \"fast\"\nwhen\n    Signal(path == \"Vehicle.Speed\", number > 100)\n"
                + "then\n    actions.launch(\"a\");\nend\n\nquery \"fast signals\"\n"
                + "    Signal(number > 100)\nend\n");
    Cli cli = Cli.run("rules", "check", "--explain", drl.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("rule fast  (" + drl + ":3)\n"), cli.out());
    assertFalse(cli.out().contains("fast signals"), cli.out());
    assertTrue(cli.out().contains("1 DRL rule(s)"), cli.out());
  }

  @Test
  void repeatedWarningsOfOneKindFoldIntoOneLine() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      many.append(i == 0 ? "" : "---\n")
          .append(
              scenario(
                  "s" + i,
                  "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n  action: launch\n"
                      + "  target: app"
                      + i
                      + "\n"));
    }
    Path rules = write("many.yaml", many.toString());
    Path trace = write("t.csv", "time,path,value\n0,Vehicle.Speed,0\n");
    Cli folded = Cli.run("simulate", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(0, folded.exitCode(), folded::toString);
    long targets = folded.err().lines().filter(l -> l.contains("which names no Package")).count();
    assertEquals(3, targets, folded.err());
    assertTrue(
        folded
            .err()
            .contains(
                "warning: 97 more like the 3 above (scenarios whose target names no Package in"
                    + " these files): s3, s4, s5, s6, s7, …; --verbose lists every one\n"),
        folded.err());
    Cli verbose =
        Cli.run("simulate", "--verbose", "--rules", rules.toString(), "--trace", trace.toString());
    assertEquals(
        100, verbose.err().lines().filter(l -> l.contains("which names no Package")).count());
  }

  @Test
  void aSpecWhoseRulesFileIsMissingPointsAtTheSpecLine() throws Exception {
    Path spec =
        write(
            "a.spec.yaml",
            "name: missing rules\nrules: [here.yaml, gone.yaml]\ntrace: |\n  time,path,value\n"
                + "  0,A,1\nexpect: []\n");
    write("here.yaml", scenario("here", "  condition: null\n  action: launch\n  target: t\n"));
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(spec + ":2:20: rules: no such file or folder: " + dir.resolve("gone.yaml")),
        cli.out());
  }

  @Test
  void everyMissingRulesFileOfASpecIsReported() throws Exception {
    Path spec =
        write(
            "m.spec.yaml",
            "rules: [gone.yaml, also-gone.drl]\ntrace: |\n  time,path,value\n  0,A,1\n"
                + "expect:\n  - {tyme: 1}\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    String out = cli.out();
    assertTrue(out.contains(spec + ":1:9: rules: no such file or folder: "), out);
    assertTrue(out.contains(spec + ":1:20: rules: no such file or folder: "), out);
    assertTrue(out.contains(spec + ":6:12: unknown field 'tyme' (did you mean 'time'?)"), out);
  }

  @Test
  void rulesTestOnARuleFileSaysItIsNotASpec() throws Exception {
    Path rules =
        write("r.yaml", scenario("r", "  condition: null\n  action: launch\n  target: t\n"));
    Cli cli = Cli.run("rules", "test", rules.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                rules
                    + ": not a spec: spec files are named *.spec.yaml (to check rule files, use"
                    + " rules check)"),
        cli.err());
  }

  @Test
  void aMalformedJsonLinesTraceIsDescribedInTraceTerms() throws Exception {
    write("r.yaml", scenario("r", "  condition: null\n  action: launch\n  target: t\n"));
    Path trace =
        write(
            "t.jsonl",
            "{\"time\": 0, \"path\": \"Vehicle.Speed\", \"value\": 1}\n"
                + "{\"time\": 1, \"path\": \"Vehicle.Speed\" \"value\": 2}\n");
    Cli cli =
        Cli.run(
            "simulate", "--rules", dir.resolve("r.yaml").toString(), "--trace", trace.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                trace
                    + ":2: column 37: found '\"' where a ',' between two fields belongs; a sample"
                    + " looks like {\"time\": 12.5, \"path\": \"Vehicle.Speed\", \"value\": 42.0}"),
        cli.err());
    assertFalse(cli.err().contains("Unexpected character"), cli.err());
  }

  @Test
  void everyProblemOfASpecCaseIsReported() throws Exception {
    write("r.yaml", scenario("r", "  condition: null\n  action: launch\n  target: t\n"));
    Path spec =
        write(
            "b.spec.yaml",
            "name: several\ntrase: x.csv\ndefault_decision: maybe\nuntil: soon\nexpect: []\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    String out = cli.out();
    assertTrue(out.contains(spec + ":2:8: unknown field 'trase'"), out);
    assertTrue(out.contains(spec + ":1:1: trace: required"), out);
    assertTrue(out.contains(spec + ":4:8: must be a non-negative number of seconds"), out);
    assertTrue(out.contains(spec + ":3:19: default_decision must be allow or deny"), out);
    assertEquals(
        4, Arrays.stream(cli.outLines()).filter(l -> l.startsWith("    " + spec)).count(), out);
  }
}
