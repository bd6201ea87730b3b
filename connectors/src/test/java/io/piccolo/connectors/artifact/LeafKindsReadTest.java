package io.piccolo.connectors.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.TestKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leaf kinds beyond {@code signal op value}, as {@code spec.when} spells them. */
class LeafKindsReadTest {
  private static ArtifactFile.Content read(String condition) {
    return ArtifactFile.read(
        "s.yaml",
        "apiVersion: v1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  when: "
            + condition
            + "\n  action: update\n  target: t\n");
  }

  private static TestKind kind(String condition) {
    var content = read(condition);
    assertEquals(List.of(), content.problems());
    return ((Condition.Test) content.scenarios().get(0).condition()).kind();
  }

  private static String error(String condition) {
    var content = read(condition);
    assertEquals(List.of(), content.scenarios(), "a scenario with an error is not built");
    return content.problems().stream()
        .filter(Problem::isError)
        .findFirst()
        .orElseThrow()
        .toString();
  }

  @Test
  void eachKindReadsIntoItsRecord() {
    assertEquals(new TestKind.Versus(Op.GT, "B"), kind("{signal: A, op: gt, signal2: B}"));
    assertEquals(new TestKind.Between(1, 5), kind("{signal: A, between: [1, 5]}"));
    assertEquals(new TestKind.In(List.of("P", 2.0)), kind("{signal: A, in: [P, 2]}"));
    assertEquals(new TestKind.Matches("E[0-9]+"), kind("{signal: A, matches: \"E[0-9]+\"}"));
    assertEquals(new TestKind.Contains("fault"), kind("{signal: A, contains: fault}"));
    assertEquals(new TestKind.Stale(5_000), kind("{signal: A, stale: 5s}"));
    assertEquals(new TestKind.Known(true), kind("{signal: A, known: true}"));
    assertEquals(new TestKind.Rate(Op.GT, 3, 1_000), kind("{signal: A, rate: gt, value: 3}"));
    assertEquals(
        new TestKind.Rearm(Op.LT, 20, 25), kind("{signal: A, op: lt, value: 20, rearm: 25}"));
  }

  @Test
  void mistakesNameTheirLineColumnAndField() {
    assertEquals(
        "s.yaml:5:47: document 1 (Scenario s): spec.when.rearm: with gt 80 the rearm level"
            + " must be below it, not 85",
        error("{signal: A, op: gt, value: 80, rearm: 85}"));
    assertTrue(
        error("{signal: A, op: eq, value: 80, rearm: 75}")
            .contains("spec.when.op: cannot use 'eq'"));
    assertTrue(
        error("{signal: A, matches: \"a(b\"}")
            .contains("spec.when.matches: bad regular expression: Unclosed group"));
    assertTrue(
        error("{signal: A, between: [1, 2], value: 3}")
            .contains("spec.when.value: value does not go with between"));
    assertTrue(error("{signal: A, stale: 5s, for: 1s}").contains("for does not go with stale"));
    assertTrue(error("{signal: A, in: [1], contains: x}").contains("has both contains and in"));
    assertTrue(error("{signal: A, op: gt, signal2: A}").contains("compares A with itself"));
    assertTrue(error("{signal: A, between: [1]}").contains("must be a list of two numbers"));
    assertTrue(error("{signal: A, known: yes}").contains("spec.when.known: must be true or false"));
    assertTrue(error("{signal: A, rate: gt}").contains("spec.when.value: required: a number"));
    assertTrue(error("{signal: A, stale: 0s}").contains("spec.when.stale: must be longer than 0"));
  }
}
