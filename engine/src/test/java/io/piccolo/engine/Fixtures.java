package io.piccolo.engine;

import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.Trigger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds scenarios and rule bases in tests, and drives an evaluator instant by instant. */
final class Fixtures {
  private Fixtures() {}

  static Condition.Comparison when(String path, Op op, Object value) {
    return new Condition.Comparison(path, op, value, 0, Origin.UNKNOWN);
  }

  static Condition.Comparison held(String path, Op op, Object value, long forMillis) {
    return new Condition.Comparison(path, op, value, forMillis, Origin.UNKNOWN);
  }

  static Condition all(Condition... items) {
    return new Condition.All(Arrays.asList(items));
  }

  static Condition any(Condition... items) {
    return new Condition.Any(Arrays.asList(items));
  }

  static Condition none(Condition... items) {
    return new Condition.None(Arrays.asList(items));
  }

  static Scenario scenario(String name, Condition condition) {
    return new Scenario(
        name, "launch", name + "-app", Map.of(), condition, Trigger.EDGE, 0, Origin.UNKNOWN);
  }

  static Scenario levelScenario(String name, Condition condition) {
    return new Scenario(
        name, "launch", name + "-app", Map.of(), condition, Trigger.LEVEL, 0, Origin.UNKNOWN);
  }

  static Scenario cooledScenario(String name, Condition condition, long cooldownMillis) {
    return new Scenario(
        name,
        "launch",
        name + "-app",
        Map.of(),
        condition,
        Trigger.EDGE,
        cooldownMillis,
        Origin.UNKNOWN);
  }

  static RuleBase ruleBase(List<Scenario> scenarios, String... drl) throws RuleBaseException {
    RuleBaseBuilder builder = new RuleBaseBuilder().addScenarios(scenarios);
    for (int i = 0; i < drl.length; i++) {
      builder.addDrl(new RuleSource("test" + i + ".drl", drl[i]));
    }
    return builder.build();
  }

  /** Drives an evaluator on the pseudo clock the way a replay does. */
  static final class Drive implements AutoCloseable {
    final Evaluator evaluator;
    final List<DecidedAction> decided = new ArrayList<>();

    Drive(RuleBase ruleBase) {
      this(ruleBase, EvaluatorOptions.simulation());
    }

    Drive(RuleBase ruleBase, EvaluatorOptions options) {
      this(new Evaluator(ruleBase, options));
    }

    /** Drives an evaluator that took over from another (a rule reload). */
    Drive(Evaluator evaluator) {
      this.evaluator = evaluator;
    }

    /** Timers due by {@code millis}, then the samples of that instant, then one round. */
    List<DecidedAction> at(long millis, Object... pathsAndValues) {
      SampleBatch batch = new SampleBatch();
      for (int i = 0; i < pathsAndValues.length; i += 2) {
        batch.add((String) pathsAndValues[i], pathsAndValues[i + 1]);
      }
      List<DecidedAction> now = evaluator.step(millis, batch);
      decided.addAll(now);
      return now;
    }

    /** Runs timers up to {@code millis} with no sample. */
    List<DecidedAction> until(long millis) {
      return at(millis);
    }

    List<Long> firingTimes(String scenario) {
      return decided.stream()
          .filter(d -> d.scenario().equals(scenario))
          .map(DecidedAction::timeMillis)
          .toList();
    }

    @Override
    public void close() {
      evaluator.close();
    }
  }
}
