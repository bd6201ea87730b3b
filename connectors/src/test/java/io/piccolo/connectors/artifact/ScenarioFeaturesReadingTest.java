package io.piccolo.connectors.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Group {@code for}, {@code count}, {@code throttle}, {@code actions} and {@code ${path}} params.
 */
class ScenarioFeaturesReadingTest {
  private static final String HEAD = "kind: Scenario\nmetadata: {name: x}\nspec:\n";

  private static ArtifactFile.Content read(String spec) {
    return ArtifactFile.read("s.yaml", HEAD + spec);
  }

  private static List<String> problems(String spec) {
    return read(spec).problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aGroupForAndACountAreRead() {
    var content =
        read(
            """
              when:
                count: 3
                within: 10s
                of: {all: [{signal: A, op: eq, value: 1}], for: 2s}
              action: launch
              target: t
            """);
    assertEquals(List.of(), content.problems());
    Condition.Count count = (Condition.Count) content.scenarios().get(0).condition();
    assertEquals(3, count.times());
    assertEquals(10_000, count.withinMillis());
    assertEquals(2_000, ((Condition.Held) count.item()).forMillis());
    assertEquals(5, count.origin().line());
  }

  @Test
  void aBadCountNamesItsField() {
    assertEquals(
        List.of(
            "s.yaml:5:12: document 1 (Scenario x): spec.when.count: must be a whole number from 1 to 10000",
            "s.yaml:6:13: document 1 (Scenario x): spec.when.within: must be longer than 0"),
        problems(
            """
              when:
                count: 0
                within: 0s
                of: {signal: A, op: eq, value: 1}
              action: launch
              target: t
            """));
  }

  @Test
  void severalActionsKeepTheirOrderAndParams() {
    var content =
        read(
            """
              when: {signal: A, op: eq, value: 1}
              actions:
                - {action: launch, target: a}
                - {action: update, target: b, params: {speed: "${Vehicle.Speed}"}}
            """);
    assertEquals(List.of(), content.problems());
    Scenario s = content.scenarios().get(0);
    assertEquals(List.of("a", "b"), s.actions().stream().map(a -> a.target()).toList());
    assertEquals("${Vehicle.Speed}", s.actions().get(1).params().get("speed"));
    assertEquals(7, s.actions().get(1).paramOrigins().get("speed").line());
  }

  @Test
  void actionAndActionsTogetherAreAnErrorAtTheSingleField() {
    List<String> p =
        problems(
            """
              when: {signal: A, op: eq, value: 1}
              action: launch
              actions:
                - {action: launch, target: a}
            """);
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("s.yaml:5:11: document 1 (Scenario x): spec.action:"), p.get(0));
  }

  @Test
  void anUnclosedReferenceIsAnErrorAtItsParameter() {
    assertEquals(
        List.of(
            "s.yaml:7:19: document 1 (Scenario x): spec.params.speed: '${' at character 4 has no closing '}' (write $${ for a literal ${)"),
        problems(
            """
              when: {signal: A, op: eq, value: 1}
              action: update
              target: t
              params: {speed: "at ${Vehicle.Speed"}
            """));
  }

  @Test
  void throttleIsCooldownSpeltOtherwise() {
    var content =
        read(
            """
              when: {signal: A, op: eq, value: 1}
              action: launch
              target: t
              throttle: {once_within: 30s}
            """);
    assertEquals(List.of(), content.problems());
    assertEquals(30_000, content.scenarios().get(0).cooldownMillis());
    List<String> both =
        problems(
            """
              when: {signal: A, op: eq, value: 1}
              action: launch
              target: t
              cooldown: 10s
              throttle: {once_within: 30s}
            """);
    assertEquals(1, both.size(), both.toString());
    assertTrue(both.get(0).contains("has both cooldown and throttle"), both.get(0));
  }
}
