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

  @Test
  void theExampleRulesStillPassTheirSpecs() {
    Cli cli = Cli.run("rules", "test", Cli.REPO.resolve("rules").toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }
}
