package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule files Drools would answer with an exception, a stack overflow or minutes of work: each is
 * one {@code file:line:column} message from {@code rules check}, or, when only running can show it,
 * a message from {@code simulate} naming the rule, its file and line.
 */
class HostileRulesTest {
  @TempDir Path dir;

  private Path drl(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static String rule(String name, String conditions, String consequence) {
    return "package p;\nrule \""
        + name
        + "\"\nwhen\n    "
        + conditions
        + "\nthen\n    "
        + consequence
        + "\nend\n";
  }

  private static void assertOneCleanLine(Cli cli, String expectedStart) {
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(cli.out().startsWith(expectedStart), cli::toString);
    assertFalse(cli.out().contains("\tat ") || cli.err().contains("\tat "), cli::toString);
    assertFalse(cli.err().contains("unexpected") || cli.err().contains("internal"), cli::toString);
  }

  @Test
  @Timeout(60)
  void conditionsNestedFiveHundredDeepAreRefusedAtTheFirstTooDeepBracket() throws Exception {
    Path file =
        drl(
            "deep.drl",
            rule(
                "deep",
                "Signal(path == \"Vehicle.Speed\", "
                    + "(".repeat(500)
                    + "number > 1"
                    + ")".repeat(500)
                    + ")",
                "insert(\"x\");"));
    // "Signal(" at column 11 is level 1; the tenth "(" after it, at column 46, is level 11
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file + ":4:46: brackets nest more than 10 deep here; conditions may nest at most 10");
  }

  @Test
  @Timeout(60)
  void conditionsNestedSixteenDeepDoNotTakeMinutes() throws Exception {
    Path file =
        drl(
            "calls.drl",
            rule(
                "calls",
                "Signal(path == \"Vehicle.Speed\", Math.abs(".repeat(1)
                    + "Math.abs(".repeat(15)
                    + "number"
                    + ")".repeat(16)
                    + " > 1)",
                "insert(\"x\");"));
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()), file + ":4:126: brackets nest more than 10");
  }

  @Test
  void aConsequenceNestedBeyondTheCodeLimitIsRefused() throws Exception {
    Path file =
        drl(
            "code.drl",
            rule(
                "code",
                "Signal(path == \"Vehicle.Speed\")",
                "int x = " + "(".repeat(500) + "1" + ")".repeat(500) + ";"));
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file + ":6:77: brackets nest more than 64 deep here; a consequence or function");
  }

  @Test
  void bracketsInStringsAndCommentsDoNotCount() throws Exception {
    Path file =
        drl(
            "strings.drl",
            "// "
                + "(".repeat(100)
                + "\n"
                + rule(
                    "strings",
                    "Signal(path == \"" + "(".repeat(100) + "\") /* " + "[".repeat(100) + " */",
                    "insert(\"" + "{".repeat(100) + "\");"));
    Cli cli = Cli.run("rules", "check", file.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void aWindowLongerThanAnIntIsRefused() throws Exception {
    Path file =
        drl(
            "window.drl",
            rule(
                "w",
                "accumulate(SignalEvent(path == \"Vehicle.Speed\", $s : number)"
                    + " over window:length(3000000000); $a : average($s))",
                "insert(\"x\");"));
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file
            + ":4:71: window:length(3000000000): write a whole number of events from 1 to 1000000");
  }

  @Test
  void aSeventyThousandCharacterRuleNameIsRefused() throws Exception {
    Path file =
        drl(
            "name.drl",
            rule("r".repeat(70_000), "Signal(path == \"Vehicle.Speed\")", "insert(1);"));
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file + ":2:1: the rule name has 70000 characters; write at most 255");
  }

  @Test
  @Timeout(30)
  void aFiveThousandSegmentPackageNameIsRefusedQuickly() throws Exception {
    Path file =
        drl(
            "package.drl",
            rule("r", "Signal(path == \"Vehicle.Speed\")", "insert(1);")
                .replace("package p;", "package " + "a.".repeat(4999) + "a;"));
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file + ":1:1: the package name has 5000 segments and 9999 characters; write at most 32");
  }

  @Test
  void aTimerWithANegativePeriodIsRefusedByTheCheck() throws Exception {
    Path file =
        drl(
            "timer.drl",
            "package p;\nrule \"t\"\n    timer (int: 0s -1s)\nwhen\n"
                + "    Signal(path == \"Vehicle.Speed\")\nthen\n    insert(1);\nend\n");
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file + ":3:11: timer 'int: 0s -1s': the period must be positive");
  }

  @Test
  void anActionsGlobalOfAnotherTypeIsRefusedByTheCheck() throws Exception {
    Path file =
        drl(
            "global.drl",
            rule("g", "Signal(path == \"Vehicle.Speed\")", "insert(1);")
                .replace("package p;", "package p;\nglobal java.util.List actions;"));
    assertOneCleanLine(
        Cli.run("rules", "check", file.toString()),
        file + ":2:1: the global 'actions' is the engine's request helper, of type Actions");
  }

  @Test
  void anEvalThatThrowsNamesItsRuleFileAndLine() throws Exception {
    Path file =
        drl(
            "eval.drl",
            rule("divide", "Signal(path == \"Vehicle.Speed\")\n    eval(1/0 == 1)", "insert(1);"));
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,10\n1,Vehicle.Speed,20\n");
    Cli cli = Cli.run("simulate", "--rules", file.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertEquals(
        "piccolo: "
            + file
            + ":2: rule 'divide' failed at 0.0 s in its conditions:"
            + " java.lang.ArithmeticException: / by zero\n",
        cli.err());
  }

  @Test
  void aConstraintThatThrowsWhenASampleArrivesNamesItsRule() throws Exception {
    Path file =
        drl(
            "substring.drl",
            rule(
                "cut",
                "Signal(path == \"Vehicle.Speed\", text.substring(10) == \"x\")",
                "insert(1);"));
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,10\n");
    Cli cli = Cli.run("simulate", "--rules", file.toString(), "--trace", trace.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .startsWith("piccolo: " + file + ":2: rule 'cut' failed at 0.0 s in its conditions: "),
        cli::toString);
  }
}
