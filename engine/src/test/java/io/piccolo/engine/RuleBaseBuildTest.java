package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.KeptWindow;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleBaseBuildTest {

  private static List<String> errors(String drl) {
    RuleBaseException e =
        assertThrows(
            RuleBaseException.class,
            () -> new RuleBaseBuilder().addDrl(new RuleSource("rules/bad.drl", drl)).build());
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aPatternOnTheEnginesEdgeFiredFactIsRefused() {
    String drl =
        """
        package rules.watch;
        rule "sees edge firings"
        when
            not ( Signal(path == "Vehicle.Speed") )
            exists ( io.piccolo.engine.fact.EdgeFired() )
        then
            actions.launch("logger");
        end
        """;
    assertEquals(
        List.of(
            "rules/bad.drl:5:14: EdgeFired is the engine's own fact for @trigger(edge) rules and"
                + " is not inserted for every firing; match the facts the edge rule matches, or"
                + " ActionRequest for the requests it makes"),
        errors(drl));
    assertEquals(
        1, errors(drl.replace("io.piccolo.engine.fact.EdgeFired()", "EdgeFired()")).size());
  }

  @Test
  void anUnclosedRuleNamesTheEndOfTheFile() {
    assertEquals(
        List.of(
            "rules/bad.drl:5:1: unexpected end of file: a rule is not closed (a missing ')' or 'end'?)"),
        errors("package p;\nrule \"broken\"\nwhen Signal(\nend\n"));
  }

  @Test
  void aSyntaxErrorNamesFileLineAndColumn() {
    assertEquals(
        List.of("rules/bad.drl:4:18: no viable alternative at input ')' in rule \"broken\""),
        errors("package p;\nrule \"broken\"\nwhen\n  Signal(number >)\nthen end\n"));
  }

  @Test
  void anUnknownFactTypeNamesWhereItIsUsed() {
    assertEquals(
        List.of("rules/bad.drl:3:5: Unable to resolve ObjectType 'Speedometer'"),
        errors("package p;\nrule r when\n    Speedometer(value > 1)\nthen end\n"));
  }

  @Test
  void anUnknownFieldIsNamed() {
    assertEquals(
        List.of("rules/bad.drl:3:5: unknown field 'speed' on Signal"),
        errors("package p;\nrule r when\n    Signal(speed > 1)\nthen end\n"));
  }

  @Test
  void aDrlFileNeedsOnlyAPackageLine() throws Exception {
    RuleBase rb =
        new RuleBaseBuilder()
            .addDrl(
                new RuleSource(
                    "ok.drl",
                    "package p\nrule r when $s : Signal() $r : ActionRequest() then $r.deny($s.getText()); actions.update(\"x\"); end\n"))
            .build();
    assertEquals(List.of("r"), rb.drlRules());
  }

  @Test
  void duplicateScenarioNamesAreErrors() {
    Scenario first =
        new Scenario(
            "same", "launch", "a", Map.of(), null, Trigger.EDGE, 0, new Origin("a.yaml", 4, 1));
    Scenario second =
        new Scenario(
            "same", "launch", "b", Map.of(), null, Trigger.EDGE, 0, new Origin("b.yaml", 9, 1));
    RuleBaseException e =
        assertThrows(
            RuleBaseException.class,
            () -> new RuleBaseBuilder().addScenarios(List.of(first, second)).build());
    assertEquals(
        "b.yaml:9:1: duplicate scenario name 'same' (first defined at a.yaml:4:1)",
        e.problems().get(0).toString());
  }

  @Test
  void unknownSignalPathsWarnOrFailUnderStrict() throws Exception {
    Scenario s =
        new Scenario(
            "s",
            "launch",
            "t",
            Map.of(),
            new io.piccolo.engine.scenario.Condition.Comparison(
                "Vehicle.Sped", Op.GT, 1, 0, new Origin("s.yaml", 7, 13)),
            Trigger.EDGE,
            0,
            Origin.UNKNOWN);
    Set<String> catalogue = Set.of("Vehicle.Speed");
    RuleBase lenient =
        new RuleBaseBuilder()
            .addScenarios(List.of(s))
            .checkPaths(catalogue::contains, false)
            .build();
    assertEquals(
        List.of("s.yaml:7:13: warning: signal 'Vehicle.Sped' is not in the VSS catalogue"),
        lenient.warnings().stream().map(Problem::toString).toList());
    RuleBaseException strict =
        assertThrows(
            RuleBaseException.class,
            () ->
                new RuleBaseBuilder()
                    .addScenarios(List.of(s))
                    .checkPaths(catalogue::contains, true)
                    .build());
    assertEquals(
        "s.yaml:7:13: signal 'Vehicle.Sped' is not in the VSS catalogue",
        strict.problems().get(0).toString());
  }

  @Test
  void pathsInActionParamsAreCheckedAtTheirParameter() throws Exception {
    Scenario s =
        new Scenario(
            "x",
            List.of(
                new io.piccolo.engine.scenario.ScenarioAction(
                    "update",
                    "t",
                    Map.of("speed", "${Vehicle.Sped}", "ok", "${Vehicle.Speed}"),
                    Map.of("speed", new Origin("s.yaml", 9, 21)),
                    Origin.UNKNOWN)),
            null,
            Trigger.EDGE,
            0,
            Origin.UNKNOWN);
    RuleBaseException strict =
        assertThrows(
            RuleBaseException.class,
            () ->
                new RuleBaseBuilder()
                    .addScenarios(List.of(s))
                    .checkPaths(Set.of("Vehicle.Speed")::contains, true)
                    .build());
    assertEquals(
        List.of("s.yaml:9:21: signal 'Vehicle.Sped' is not in the VSS catalogue"),
        strict.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void drlSignalPathsAreCheckedToo() throws Exception {
    RuleBase rb =
        new RuleBaseBuilder()
            .addDrl(
                new RuleSource(
                    "p.drl",
                    "package p;\nrule r when\n  Signal(path == \"Vehicle.Sped\")\nthen end\n"))
            .checkPaths(Set.of("Vehicle.Speed")::contains, false)
            .build();
    assertEquals(
        "p.drl:3:3: warning: signal 'Vehicle.Sped' is not in the VSS catalogue",
        rb.warnings().get(0).toString());
  }

  @Test
  void theEngineWorksOutWhichPathsRulesMatch() throws Exception {
    String drl =
        """
        package p;
        rule speed when Signal(path == "Vehicle.Speed", number > 3) then end
        rule gear when Signal(path in ("Vehicle.A", "Vehicle.B")) then end
        rule window when
          accumulate(SignalEvent(path == "Vehicle.Speed", $n : number) over window:time(10s); $a : average($n))
        then end
        rule lowest when
          accumulate(SignalEvent(path == "Vehicle.Door", $n : number) over window:time(10s); $m : min($n))
        then end
        """;
    RuleBase rb = ruleBase(List.of(scenario("s", when("Vehicle.Other", Op.GT, 1))), drl);
    assertEquals(Set.of("Vehicle.Speed", "Vehicle.A", "Vehicle.B"), rb.signalFacts().paths());
    // the average's window is the engine's own; min is not reversible and stays Drools'
    assertEquals(Set.of("Vehicle.Door"), rb.signalEvents().paths());
    assertEquals(List.of(new KeptWindow("Vehicle.Speed", "average", 10_000)), rb.keptWindows());
    assertTrue(!rb.signalFacts().everyPath() && !rb.signalEvents().everyPath());
    RuleBase any =
        ruleBase(List.of(), "package p;\nrule all when $s : Signal(number > 1) then end\n");
    assertTrue(any.signalFacts().everyPath());
    assertTrue(any.signalEvents().isNone());
  }
}
