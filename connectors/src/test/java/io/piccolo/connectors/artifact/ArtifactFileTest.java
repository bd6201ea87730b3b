package io.piccolo.connectors.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.connectors.testing.SharedData;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactFileTest {

  private static ArtifactFile.Content read(String yaml) {
    return ArtifactFile.read("s.yaml", yaml);
  }

  private static List<String> problems(String yaml) {
    return read(yaml).problems().stream().map(Problem::toString).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "helloworld.yaml",
        "helloworld_no_condition.yaml",
        "helloworld_policy.yaml",
        "parameter-test.yaml",
        "schedule-test.yaml"
      })
  void everyPullpiriExampleLoads(String file) throws Exception {
    Path path = SharedData.require("pullpiri-examples/" + file);
    ArtifactFile.Content content = ArtifactFile.read(file, Files.readString(path));
    assertEquals(List.of(), content.problems().stream().filter(Problem::isError).toList());
    assertEquals(1, content.scenarios().size());
    assertFalse(content.notes().isEmpty(), "the other kinds are noted, not errors");
  }

  @Test
  void pullpiriConditionReadsTopicDotField() throws Exception {
    Path path = SharedData.require("pullpiri-examples/helloworld.yaml");
    Scenario s = ArtifactFile.read("helloworld.yaml", Files.readString(path)).scenarios().get(0);
    Condition.Comparison c = (Condition.Comparison) s.condition();
    assertEquals("ADASObstacleDetectionIsWarning.value", c.path());
    assertEquals(Op.EQ, c.op());
    assertEquals("true", c.value());
    assertEquals("update", s.action());
    assertEquals("helloworld", s.target());
    assertEquals(Trigger.EDGE, s.trigger());
  }

  @Test
  void aNullConditionFiresOnce() {
    Scenario s =
        read("kind: Scenario\nmetadata: {name: boot}\nspec:\n  condition: null\n  action: launch\n  target: x\n")
            .scenarios()
            .get(0);
    assertNull(s.condition());
  }

  @Test
  void theWhenExtensionNestsGroupsWithTimersAndCooldown() {
    String yaml =
        """
        kind: Scenario
        metadata:
          name: nested
        spec:
          when:
            all:
              - {signal: Vehicle.Speed, op: gt, value: 5, for: 2.5s}
              - not:
                  - {signal: Vehicle.Cabin.Door.Row1.DriverSide.IsOpen, op: eq, value: false}
          action: launch
          target: door-warning
          trigger: level
          cooldown: 1m
        """;
    ArtifactFile.Content content = read(yaml);
    assertEquals(List.of(), content.problems());
    Scenario s = content.scenarios().get(0);
    Condition.All all = (Condition.All) s.condition();
    assertEquals(2_500, ((Condition.Comparison) all.items().get(0)).forMillis());
    assertTrue(all.items().get(1) instanceof Condition.None);
    assertEquals(Trigger.LEVEL, s.trigger());
    assertEquals(60_000, s.cooldownMillis());
    assertEquals(7, ((Condition.Comparison) all.items().get(0)).origin().line());
  }

  @Test
  void anUnknownOperatorNamesItsFieldAndLine() {
    assertEquals(
        List.of(
            "s.yaml:6:9: document 1 (Scenario x): spec.when.op: unknown operator 'equals' (use eq, ne, lt, le, gt, ge)"),
        problems(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  when:\n    signal: Vehicle.Speed\n    op: equals\n    value: 1\n  action: launch\n  target: t\n"));
  }

  @Test
  void aBadDurationNamesItsFieldAndLine() {
    assertEquals(
        List.of(
            "s.yaml:4:56: document 1 (Scenario x): spec.when.for: bad duration '10 secs': write a number and a unit, e.g. 250ms, 10.5s, 2m, 1h"),
        problems(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  when: {signal: Vehicle.Speed, op: gt, value: 1, for: 10 secs}\n  action: launch\n  target: t\n"));
  }

  @Test
  void conditionAndWhenTogetherAreAnError() {
    List<String> p =
        problems(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  condition: {express: eq, value: 1, operands: {type: DDS, name: a, value: b}}\n  when: {signal: a.b, op: eq, value: 1}\n  action: launch\n  target: t\n");
    assertEquals(
        List.of("s.yaml:5:9: document 1 (Scenario x): spec: has both condition and when; keep one"),
        p);
  }

  @Test
  void missingFieldsAndUnknownActionsAreErrorsInTheRightDocument() {
    List<String> p =
        problems(
            "kind: Package\nmetadata: {name: p}\nspec: {}\n---\nkind: Scenario\nmetadata: {name: x}\nspec:\n  action: explode\n");
    assertEquals(
        List.of(
            "s.yaml:3:7: document 1 (Package p): spec.models: required",
            "s.yaml:8:11: document 2 (Scenario x): spec.action: unknown action 'explode' (use launch, terminate, update, rollback, schedule)",
            "s.yaml:8:3: document 2 (Scenario x): spec.target: required"),
        p);
  }

  @Test
  void aScenarioCanRequestScheduleWithTheParametersTheTimpaniExecutorReads() {
    String head =
        "kind: Scenario\nmetadata: {name: x}\nspec:\n  when: {signal: Vehicle.Speed, op: gt, value: 5}\n"
            + "  action: schedule\n  target: rt\n  params: ";
    assertEquals(
        List.of(),
        problems(head + "{schedule: rt-slow, task: control, period: 20000, deadline: 15000}\n"));
    ArtifactFile.Content ok = read(head + "{task: control, period: 20000}\n");
    assertEquals(
        java.util.Map.of("task", "control", "period", 20000L), ok.scenarios().get(0).params());
    assertEquals(
        List.of(
            "s.yaml:7:19: document 1 (Scenario x): spec.params.perod: unknown parameter of schedule"
                + " (did you mean 'period'?) (known: schedule, task, period, runtime, deadline)",
            "s.yaml:7:35: document 1 (Scenario x): spec.params.runtime: must be a whole number of µs"
                + " greater than 0, e.g. runtime: 20000",
            "s.yaml:7:45: document 1 (Scenario x): spec.params.tasks: a scenario cannot name PIDs:"
                + " the executor finds each task by its process name (comm) among the Package's"
                + " containers"),
        problems(head + "{perod: 20000, runtime: 0, tasks: 42}\n"));
  }

  @Test
  void unknownFieldsAreWarningsNotSilentlyDropped() {
    ArtifactFile.Content c =
        read(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  action: launch\n  target: t\n  tigger: level\n");
    assertEquals(1, c.scenarios().size());
    assertEquals(
        List.of(
            "s.yaml:6:11: warning: document 1 (Scenario x): spec.tigger: unknown field, ignored (did you mean 'trigger'?) (known: condition, when, action, target, actions, trigger, cooldown, throttle, params)"),
        c.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void invalidYamlNamesItsLine() {
    List<String> p = problems("kind: Scenario\nmetadata: {name: x\nspec: []\n");
    assertEquals(1, p.size());
    assertTrue(p.get(0).startsWith("s.yaml:3:"), p.get(0));
  }

  @Test
  void aTimpaniNodeConfigurationIsNotedNotAnError() throws Exception {
    Path path = SharedData.require("pullpiri-examples/node_configurations.yaml");
    ArtifactFile.Content content = ArtifactFile.read("nodes.yaml", Files.readString(path));
    assertEquals(List.of(), content.problems());
    assertEquals(
        List.of("nodes.yaml:4: note: a TIMPANI node configuration, not an artifact; skipped"),
        content.notes());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "helloworld.yaml",
        "helloworld_no_condition.yaml",
        "helloworld_policy.yaml",
        "parameter-test.yaml",
        "schedule-test.yaml"
      })
  void everyPullpiriDocumentBecomesAnArtifactWithAllItsFields(String file) throws Exception {
    String text = Files.readString(SharedData.require("pullpiri-examples/" + file));
    ArtifactFile.Content content = ArtifactFile.read(file, text);
    long documents = text.lines().filter(l -> l.strip().startsWith("kind:")).count();
    assertEquals(documents, content.artifacts().size());
    assertFalse(content.hasErrors());
  }

  @Test
  void aTrailingSeparatorEndsTheDocumentAsInPullpiriWithAWarning() {
    String text =
        "kind: Model\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: i}]\n"
            + "  terminationGracePeriodSeconds: 0---\nkind: Model\nmetadata: {name: b}\n"
            + "spec:\n  containers: [{name: c, image: i}]\n";
    ArtifactFile.Content content = ArtifactFile.read("m.yaml", text);
    assertEquals(
        List.of(
            "m.yaml:5:35: warning: '---' at the end of a line ends the document here, as Pullpiri"
                + " reads it; put it on a line of its own"),
        content.problems().stream().map(Problem::toString).toList());
    assertEquals(2, content.artifacts().size());
    JsonNode grace =
        content.artifacts().get(0).document().at("/spec/terminationGracePeriodSeconds");
    assertTrue(grace.isIntegralNumber() && grace.asInt() == 0, grace.toString());
  }

  @Test
  void aPackageModelWithoutNodeIsNamedByDocumentFieldAndLine() {
    assertEquals(
        List.of(
            "helloworld.yaml:6:7: document 1 (Package helloworld): spec.models[0].node: required"),
        ArtifactFile.read(
                "helloworld.yaml",
                "kind: Package\nmetadata:\n  name: helloworld\nspec:\n  models:\n    - name: helloworld\n      resources: {}\n")
            .problems()
            .stream()
            .map(Problem::toString)
            .toList());
  }

  @Test
  void typesAndChoicesAreChecked() {
    List<String> p =
        problems(
            "kind: Model\nmetadata: {name: m}\nspec:\n  restartPolicy: Sometimes\n  containers:\n    - name: c\n      image: i\n      ports: [{containerPort: http}]\n");
    assertEquals(
        List.of(
            "s.yaml:8:31: document 1 (Model m): spec.containers[0].ports[0].containerPort: must be a whole number, not 'http'",
            "s.yaml:4:18: document 1 (Model m): spec.restartPolicy: 'Sometimes' is not one of Always, Never, OnFailure"),
        p);
  }

  @Test
  void aTaskLongerThanItsDeadlineIsAnError() {
    List<String> p =
        problems(
            "kind: Schedule\nmetadata: {name: s}\nspec:\n  - {name: t, priority: 20, policy: FIFO, cpu_affinity: 4, period: 5000, release_time: 0, runtime: 3000, deadline: 2000, node_id: n, max_dmiss: 3}\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(
        p.get(0)
            .contains(
                "document 1 (Schedule s): spec[0].runtime: 3000 µs exceeds the deadline of 2000 µs"),
        p.get(0));
  }

  @Test
  void unknownFieldsInAnyKindAreWarnings() {
    ArtifactFile.Content c =
        read(
            "kind: Model\nmetadata: {name: m}\nspec:\n  containers:\n    - {name: c, image: i, imagePullPolicy: Always}\n");
    assertFalse(c.hasErrors());
    assertEquals(1, c.artifacts().size());
    assertTrue(
        c.problems()
            .get(0)
            .toString()
            .startsWith(
                "s.yaml:5:44: warning: document 1 (Model m): spec.containers[0].imagePullPolicy: unknown field, kept but not used"),
        c.problems().get(0).toString());
    assertEquals(
        "Always",
        c.artifacts().get(0).document().at("/spec/containers/0/imagePullPolicy").asText());
  }

  @Test
  void yamlErrorsAreOneLineAndDuplicateKeysAreErrors() {
    List<String> bad = problems("kind: Scenario\nmetadata: {name: x\nspec: [\n");
    assertEquals(1, bad.size());
    assertFalse(bad.get(0).contains("\n"), bad.get(0));
    List<String> twice =
        problems(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  when: {signal: A, op: eq, value: 1}\n  when: {signal: B, op: eq, value: 1}\n  action: launch\n  target: t\n");
    assertEquals(1, twice.size(), twice.toString());
    assertTrue(twice.get(0).startsWith("s.yaml:5:"), twice.get(0));
    assertTrue(twice.get(0).contains("Duplicate field 'when'"), twice.get(0));
  }

  @Test
  void yamlAliasesAreRefusedNotReadAsTheirNames() {
    List<String> p =
        problems(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  when: {signal: A, op: gt, value: &limit 120}\n  action: launch\n  target: *limit\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).contains("YAML aliases (*limit) are not supported"), p.get(0));
  }

  @Test
  void anOrderingAgainstTextCanNeverBeTrueAndIsAnError() {
    assertEquals(
        List.of(
            "s.yaml:4:36: document 1 (Scenario x): spec.when.value: gt compares numbers, and 'abc' is not one"),
        problems(
            "kind: Scenario\nmetadata: {name: x}\nspec:\n  when: {signal: A, op: gt, value: abc}\n  action: launch\n  target: t\n"));
  }
}
