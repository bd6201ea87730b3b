package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files are code: a rule that would create a file is refused before anything runs. */
class RuleSandboxCommandTest {
  @TempDir Path dir;

  private Path marker() {
    return dir.resolve("marker");
  }

  private Path rule(String consequence) throws Exception {
    Path drl = dir.resolve("escape.drl");
    Files.writeString(
        drl,
        "package escape;\n"
            + "rule \"escape\"\n"
            + "when\n"
            + "    Signal(path == \"Vehicle.Speed\")\n"
            + "then\n"
            + "    "
            + consequence.replace("MARKER", marker().toString())
            + "\n"
            + "end\n");
    return drl;
  }

  private Path trace() throws Exception {
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,10\n1,Vehicle.Speed,20\n");
    return trace;
  }

  @Test
  void simulateRefusesAConsequenceThatWouldRunAProcess() throws Exception {
    Path drl = rule("Runtime.getRuntime().exec(new String[] {\"touch\", \"MARKER\"});");
    Path out = dir.resolve("out.jsonl");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            drl.toString(),
            "--trace",
            trace().toString(),
            "--out",
            out.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err().contains(drl + ":6:13: 'java.lang.Runtime.getRuntime' is not allowed in rules"),
        cli::toString);
    assertTrue(cli.err().contains(drl + ":6:26: 'java.lang.Runtime.exec'"), cli::toString);
    assertFalse(Files.exists(marker()), "the consequence ran");
    assertFalse(Files.exists(out) && Files.size(out) > 0, "decisions were written");
  }

  @Test
  void rulesCheckRefusesAFileWrittenThroughFullyQualifiedNames() throws Exception {
    Path drl = rule("java.nio.file.Files.createFile(java.nio.file.Path.of(\"MARKER\"));");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(drl + ":6:25: 'java.nio.file.Files.createFile' is not allowed"),
        cli::toString);
    assertFalse(Files.exists(marker()));
  }

  @Test
  void rulesTestRefusesSystemExitInAFunction() throws Exception {
    Files.writeString(
        dir.resolve("exit.drl"),
        "package escape;\n"
            + "function void leave() {\n"
            + "    System.exit(42);\n"
            + "}\n"
            + "rule \"leave\" when Signal() then leave(); end\n");
    Files.writeString(
        dir.resolve("exit.spec.yaml"),
        "name: leaves\ntrace: |\n  time,path,value\n  0,Vehicle.Speed,1\nexpect: []\n");
    Cli cli = Cli.run("rules", "test", dir.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(dir.resolve("exit.drl") + ":3:12: 'java.lang.System.exit'"),
        cli::toString);
    assertTrue(cli.out().endsWith("0 passed, 1 failed\n"), cli::toString);
  }

  @Test
  void reflectionThroughAStringBuiltClassNameIsRefused() throws Exception {
    Path drl =
        rule(
            "Object rt = Class.forName(\"java.lang.\" + \"Runtime\").getMethod(\"getRuntime\").invoke(null);");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(drl + ":6:23: 'java.lang.Class.forName' is reflection"), cli::toString);
  }

  @Test
  void aDeploymentCanAllowMoreClasses() throws Exception {
    Path drl = rule("String id = java.util.UUID.nameUUIDFromBytes(new byte[] {1}).toString();");
    Cli refused = Cli.run("rules", "check", drl.toString());
    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(refused.out().contains("'java.util.UUID.nameUUIDFromBytes' is not allowed"));
    Cli allowed = Cli.run("rules", "check", "--sandbox-allow", "java.util.UUID", drl.toString());
    assertEquals(0, allowed.exitCode(), allowed::toString);
  }

  @Test
  void aMalformedAllowListEntryIsBadInput() throws Exception {
    Path drl = rule("actions.launch(\"a\");");
    Cli cli = Cli.run("rules", "check", "--sandbox-allow", "java.util.UUID#", drl.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(cli.err().contains("--sandbox-allow: 'java.util.UUID#' is not an allow-list entry"));
  }

  private Path file(String name, String text) throws Exception {
    Path drl = dir.resolve(name);
    Files.writeString(drl, text.replace("MARKER", marker().toString()));
    return drl;
  }

  @Test
  void rulesCheckRefusesRuleMetadataThatWouldCreateAFile() throws Exception {
    Path drl =
        file(
            "meta.drl",
            "package escape;\nrule \"meta\"\n@pwn( new java.io.File(\"MARKER\").createNewFile() )\n"
                + "when\n    Signal(path == \"Vehicle.Speed\")\nthen\nend\n");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains(drl + ":3:1: metadata @pwn must be a literal"), cli::toString);
    assertFalse(Files.exists(marker()), "the metadata ran");
  }

  @Test
  void simulateRefusesADeclaredTypeNamedSystem() throws Exception {
    Path drl =
        file(
            "shadow.drl",
            "package escape;\ndeclare System end\nrule \"s\"\nwhen\n"
                + "    Signal(path == \"Vehicle.Speed\", System.exit(43) == null)\nthen\nend\n");
    Path out = dir.resolve("out.jsonl");
    Cli cli =
        Cli.run(
            "simulate",
            "--rules",
            drl.toString(),
            "--trace",
            trace().toString(),
            "--out",
            out.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err().contains(drl + ":2:9: 'declare System' does not define a new type"),
        cli::toString);
    assertTrue(cli.err().contains(drl + ":5:44: 'java.lang.System.exit'"), cli::toString);
  }

  @Test
  void rulesCheckRefusesAFileWrittenFromADeclaredTypeNamedAfterAnImport() throws Exception {
    Path drl =
        file(
            "from.drl",
            "package escape;\nimport java.nio.file.Files;\nimport java.nio.file.Path;\n"
                + "declare Files end\ndeclare Path end\nrule \"s\"\nwhen\n"
                + "    Object() from Files.writeString(Path.of(\"MARKER\"), \"x\")\nthen\nend\n");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(drl + ":8:25: 'java.nio.file.Files.writeString' is not allowed"),
        cli::toString);
    assertFalse(Files.exists(marker()));
  }

  @Test
  void rulesCheckRefusesANamedWindowPattern() throws Exception {
    Path drl =
        file(
            "window.drl",
            "package escape;\ndeclare window Win\n"
                + "    SignalEvent(java.lang.System.exit(49) == null) over window:length(2)\nend\n"
                + "rule \"s\"\nwhen\n"
                + "    Number() from accumulate(SignalEvent() from window Win, count(1))\n"
                + "then\nend\n");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains(drl + ":3:34: 'java.lang.System.exit'"), cli::toString);
  }

  @Test
  void rulesCheckRefusesSystemPropertiesAndStackTraces() throws Exception {
    Path drl =
        rule(
            "new RuntimeException(\"v\" + Integer.getInteger(\"java.specification.version\"))"
                + ".printStackTrace();");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(drl + ":6:40: 'java.lang.Integer.getInteger' reads a system property"),
        cli::toString);
    assertTrue(
        cli.out().contains(drl + ":6:82: 'java.lang.RuntimeException.printStackTrace' writes"),
        cli::toString);
  }

  @Test
  void rulesCheckAndRulesTestPointAtEachUseInTheSameOrder() throws Exception {
    Path drl =
        file(
            "uses.drl",
            "package escape;\nrule \"uses\"\nwhen\n    $s : Signal(path == \"Vehicle.Speed\")\n"
                + "then\n    // getClass is mentioned here first\n"
                + "    java.util.Optional.of(\"x\").map(v -> { System.exit(48); return v; });\n"
                + "    Object o = \"x\".getClass();\n"
                + "    Object t = Thread.currentThread();\nend\n");
    Files.writeString(
        dir.resolve("uses.spec.yaml"),
        "name: uses\nrules: [uses.drl]\ntrace: |\n  time,path,value\n  0,Vehicle.Speed,1\n"
            + "expect: []\n");
    String[] expected = {
      drl + ":7:50: 'java.lang.System.exit'",
      drl + ":8:20: 'java.lang.Object.getClass'",
      drl + ":9:23: 'java.lang.Thread.currentThread'"
    };
    Cli check = Cli.run("rules", "check", drl.toString());
    Cli test = Cli.run("rules", "test", dir.toString());
    assertEquals(1, check.exitCode(), check::toString);
    assertEquals(1, test.exitCode(), test::toString);
    for (Cli cli : new Cli[] {check, test}) {
      int at = -1;
      for (String e : expected) {
        int next = cli.out().indexOf(e);
        assertTrue(next > at, () -> e + " missing or out of order in " + cli);
        at = next;
      }
    }
  }

  @Test
  void rulesCheckGivesAUnicodeEscapeItsPosition() throws Exception {
    Path drl = rule("String x = \"ok\";   \\u0053ystem.exit(47);");
    Cli cli = Cli.run("rules", "check", drl.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out().contains(drl + ":6:24: a \\u escape outside a string literal is not allowed"),
        cli::toString);
    assertFalse(cli.out().contains("no viable alternative"), cli::toString);
    assertFalse(cli.err().contains("no viable alternative"), cli::toString);
  }

  @Test
  void rulesCheckRefusesFormattingWithTheMachinesLocale() throws Exception {
    Path drl = rule("actions.launch(String.format(\"%.1f\", 2.5));");
    Cli refused = Cli.run("rules", "check", drl.toString());
    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(
        refused.out().contains(drl + ":6:27: 'java.lang.String.format' without a Locale"),
        refused::toString);
    Path fixed = rule("actions.launch(String.format(java.util.Locale.ROOT, \"%.1f\", 2.5));");
    Cli ok = Cli.run("rules", "check", fixed.toString());
    assertEquals(0, ok.exitCode(), ok::toString);
  }

  @Test
  void theExampleRulesStillPassTheirSpecs() {
    Cli cli = Cli.run("rules", "test", Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }
}
