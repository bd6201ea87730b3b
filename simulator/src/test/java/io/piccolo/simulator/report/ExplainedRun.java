package io.piccolo.simulator.report;

import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import io.piccolo.simulator.replay.Replay;
import io.piccolo.simulator.replay.ReplayResult;
import io.piccolo.simulator.trace.TraceReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real replay into the report: a {@code for} scenario with params, a level scenario with a
 * cooldown, a scenario a policy denies, a DRL rule that runs in the session, and a spike in the
 * trace's very last sample (which sets that rule off).
 */
final class ExplainedRun {
  static final String POLICY =
      """
      package rules;
      import io.piccolo.engine.fact.*;

      rule "no video while moving"
      when
          $request : ActionRequest(action == "launch", target == "video-player")
          Signal(path == "Vehicle.Speed", number > 0)
      then
          $request.deny("vehicle is moving");
      end
      """;

  /** A DRL rule that runs in the session: its firings are explained by the facts it bound. */
  static final String WARNING =
      """
      package rules;
      import io.piccolo.engine.fact.*;

      declare Warned
          level : String @key
      end

      rule "speed warning"
      when
          $speed : Signal(path == "Vehicle.Speed", number > 200)
          not Warned()
      then
          insert(new Warned("high"));
          actions.update("speed-warning");
      end
      """;

  private ExplainedRun() {}

  private static Condition.Comparison cmp(String path, Op op, Object value, long forMillis) {
    return new Condition.Comparison(path, op, value, forMillis, Origin.UNKNOWN);
  }

  static RuleBase ruleBase() throws Exception {
    Scenario sustained =
        new Scenario(
            "sustained-high-speed",
            "launch",
            "highway-assist",
            Map.of("mode", "sport"),
            cmp("Vehicle.Speed", Op.GT, 120, 10_000),
            Trigger.EDGE,
            0,
            new Origin("rules/driving.yaml", 2, 1));
    Scenario speeding =
        new Scenario(
            "speeding-chime",
            "update",
            "chime",
            Map.of(),
            cmp("Vehicle.Speed", Op.GT, 100, 0),
            Trigger.LEVEL,
            5_000,
            new Origin("rules/chime.yaml", 1, 1));
    Scenario video =
        new Scenario(
            "video-on-play",
            "launch",
            "video-player",
            Map.of(),
            new Condition.All(
                List.of(
                    cmp("Vehicle.Cabin.Infotainment.Media.Played.Action", Op.EQ, "PLAY", 0),
                    cmp("Vehicle.Speed", Op.GE, 0, 0))),
            Trigger.EDGE,
            0,
            new Origin("rules/video.yaml", 3, 1));
    return new RuleBaseBuilder()
        .addScenarios(List.of(sustained, speeding, video))
        .addDrl(new RuleSource("rules/policy.drl", POLICY))
        .addDrl(new RuleSource("rules/warning.drl", WARNING))
        .build();
  }

  static final String TRACE =
      """
      time,path,value
      0,Vehicle.Speed,0
      1,Vehicle.Speed,130
      2,Vehicle.Cabin.Infotainment.Media.Played.Action,PLAY
      3,Vehicle.Speed,131
      4,Vehicle.Speed,132
      9,Vehicle.Speed,133
      15,Vehicle.Speed,90
      30,Vehicle.Speed,250
      """;

  static ReportData data() throws Exception {
    RuleBase ruleBase = ruleBase();
    ReportCollector collector = new ReportCollector(2000);
    ReplayResult r =
        Replay.run(
            ruleBase,
            TraceReader.readCsv("explained.csv", TRACE),
            null,
            EvaluatorOptions.simulation(),
            collector);
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("signals processed", Long.toString(r.signalsProcessed()));
    return collector.data(
        "explained.csv", r.firedByRule(), r.decisions(), summary, RuleCatalog.of(ruleBase));
  }
}
