package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec's {@code expect} checks params, any order or a subset; counts by rule and cooldown. */
class SpecExpectTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** Two scenarios firing at 0 s (a, b) and one at 5 s (c, with params), a 10 s cooldown on a. */
  private void rules() throws Exception {
    write(
        "r.yaml",
        "kind: Scenario\nmetadata: {name: a}\nspec:\n"
            + "  when: {signal: X, op: gt, value: 0}\n  action: launch\n  target: ta\n"
            + "  trigger: level\n  cooldown: 10s\n"
            + "---\nkind: Scenario\nmetadata: {name: b}\nspec:\n"
            + "  when: {signal: X, op: gt, value: 0}\n  action: launch\n  target: tb\n"
            + "---\nkind: Scenario\nmetadata: {name: c}\nspec:\n"
            + "  when: {signal: X, op: gt, value: 4}\n  action: update\n  target: tc\n"
            + "  params: {level: high, speed: 5}\n");
  }

  private static final String TRACE = "trace: |\n  time,path,value\n  0,X,1\n  5,X,5\n";

  private Cli test(String spec) throws Exception {
    rules();
    write("x.spec.yaml", spec);
    return Cli.run("rules", "test", dir.toString());
  }

  @Test
  void paramsFiringCountsAndSuppressedFiringsAreChecked() throws Exception {
    Cli cli =
        test(
            "name: counts\n"
                + TRACE
                + "expect:\n"
                + "  - {time: 0, scenario: a}\n  - {time: 0, scenario: b}\n"
                + "  - {time: 5, scenario: c, params: {level: high, speed: 5.0}}\n"
                + "fired: {a: 1, b: 1, c: 1}\n"
                + "suppressed: {a: 1}\n");
    assertEquals(0, cli.exitCode(), cli::toString);
  }

  @Test
  void wrongParamsAndCountsSayWhatWasExpectedAndWhatCame() throws Exception {
    Cli cli =
        test(
            "name: wrong\n"
                + TRACE
                + "expect:\n"
                + "  - {time: 0, scenario: a}\n  - {time: 0, scenario: b}\n"
                + "  - {time: 5, scenario: c, params: {level: low}}\n"
                + "fired: {a: 2, nosuch: 1}\n"
                + "suppressed: {a: 0}\n");
    assertEquals(1, cli.exitCode(), cli::toString);
    String out = cli.out();
    assertTrue(
        out.contains(
            "    action #3: params expected {level: low} but was {level: high, speed: 5}\n"
                + "      expected: {time: 5.0, scenario: c, params: {level: low}} (line 9)\n"
                + "      actual:   {\"time\":5.0,\"scenario\":\"c\""),
        out);
    assertTrue(out.contains("    fired: 'a' fired 1 time(s), expected 2\n"), out);
    assertTrue(
        out.contains(
            "    fired names 'nosuch', which is no rule or scenario of this spec's rules\n"),
        out);
    assertTrue(
        out.contains(
            "    suppressed: 'a' had 1 firing(s) suppressed by its cooldown, expected 0\n"),
        out);
  }

  @Test
  void unorderedMatchesTheSameActionsInAnyOrder() throws Exception {
    Cli pass =
        test(
            TRACE
                + "match: unordered\n"
                + "expect:\n  - {scenario: c}\n  - {scenario: b}\n  - {scenario: a}\n");
    assertEquals(0, pass.exitCode(), pass::toString);
    Cli fail =
        test(TRACE + "match: unordered\nexpect:\n  - {scenario: c}\n  - {scenario: a, time: 3}\n");
    assertEquals(1, fail.exitCode(), fail::toString);
    assertTrue(fail.out().contains("    expected 2 action(s), got 3\n"), fail.out());
    assertTrue(
        fail.out()
            .contains(
                "    expected action #2 matched no action: {scenario: a, time: 3.0} (line 8)\n"
                    + "      closest: time expected 3.0 s but was 0.0 s\n"
                    + "      actual:  {\"time\":0.0,\"scenario\":\"a\""),
        fail.out());
    assertTrue(
        fail.out().contains("    unexpected action: {\"time\":0.0,\"scenario\":\"b\""), fail.out());
  }

  @Test
  void containsNeedsOnlyTheListedActions() throws Exception {
    Cli pass = test(TRACE + "match: contains\nexpect:\n  - {scenario: c, target: tc}\n");
    assertEquals(0, pass.exitCode(), pass::toString);
    // a looser entry first must not take the action a stricter one needs
    Cli paired =
        test(TRACE + "match: contains\nexpect:\n  - {time: 0}\n  - {time: 0, scenario: a}\n");
    assertEquals(0, paired.exitCode(), paired::toString);
    Cli fail = test(TRACE + "match: contains\nexpect:\n  - {scenario: d}\n");
    assertEquals(1, fail.exitCode(), fail::toString);
    assertTrue(
        fail.out().contains("    expected action #1 matched no action: {scenario: d} (line 7)"),
        fail.out());
  }

  @Test
  void aMisspeltMatchOrCountIsNamedWithItsLine() throws Exception {
    rules();
    Path spec =
        write(
            "bad.spec.yaml",
            TRACE
                + "match: sorted\nexpect:\n  - {scenario: a, param: {x: 1}}\n"
                + "fired: {a: many}\nsuppresed: {a: 1}\n");
    Cli cli = Cli.run("rules", "test", spec.toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    String out = cli.out();
    assertTrue(
        out.contains(spec + ":5:8: match must be exact (these actions in output order),"), out);
    assertTrue(out.contains(spec + ":7:26: unknown field 'param' (did you mean 'params'?)"), out);
    assertTrue(out.contains(spec + ":8:12: fired.a must be a whole number, at least 0"), out);
    assertTrue(
        out.contains(spec + ":9:12: unknown field 'suppresed' (did you mean 'suppressed'?)"), out);
  }
}
