package io.piccolo.simulator.spec;

import io.piccolo.adapters.dryrun.DryRunExecutor;
import io.piccolo.adapters.dryrun.DryRunLoop;
import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.RuleFailure;
import io.piccolo.engine.rulebase.CompiledClassCache;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.simulator.replay.ActionLoop;
import io.piccolo.simulator.replay.DecisionJson;
import io.piccolo.simulator.replay.Replay;
import io.piccolo.simulator.replay.ReplayObserver;
import io.piccolo.simulator.replay.ReplayResult;
import io.piccolo.simulator.trace.TraceFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs rule specs; rule bases are built once per distinct set of rule files. */
public final class SpecRunner {
  private final Map<List<Path>, RuleBase> ruleBases = new HashMap<>();
  private final long maxFileBytes;
  private final SandboxPolicy sandbox;
  private RoundWatchdog watchdog;

  /**
   * @param maxFileBytes the largest rule file read
   * @param sandbox what rules may use
   */
  private CompiledClassCache classCache;

  public SpecRunner(long maxFileBytes, SandboxPolicy sandbox) {
    this.maxFileBytes = maxFileBytes;
    this.sandbox = sandbox;
  }

  /** Where compiled rule classes are kept between runs (none by default). */
  public SpecRunner classCache(CompiledClassCache cache) {
    this.classCache = cache;
    return this;
  }

  /** The outcome of one case: failures empty when it passed. */
  public record Outcome(RuleSpec spec, List<String> failures) {
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  public Outcome run(RuleSpec spec) {
    RuleBase ruleBase;
    try {
      ruleBase = ruleBase(spec.rules());
    } catch (RuleBaseException e) {
      return new Outcome(
          spec, e.problems().stream().filter(Problem::isError).map(Problem::toString).toList());
    }
    int wanted = spec.expect() == null ? 0 : spec.expect().size() + MAX_UNEXPECTED_LISTED;
    List<DecidedAction> actual = new ArrayList<>();
    ReplayResult result;
    try {
      result = replay(spec, ruleBase, actual, wanted);
    } catch (RuleFailure | TraceFormatException e) {
      return new Outcome(spec, List.of(e.getMessage()));
    } catch (IOException e) {
      return new Outcome(spec, List.of(spec.trace().name() + ": cannot read: " + e.getMessage()));
    } catch (RuntimeException e) {
      // a failure the engine could not pin on a rule: the case fails, the other cases still run
      return new Outcome(spec, List.of("the run failed: " + e.getMessage()));
    } catch (Exception e) {
      throw new IllegalStateException("a collecting observer cannot fail", e);
    }
    List<String> failures = new ArrayList<>();
    if (spec.expect() != null) {
      compare(spec.expect(), actual, result.decisions().total(), failures);
    }
    for (String rule : spec.neverFired()) {
      Long fired = result.firedByRule().get(rule);
      if (fired == null) {
        failures.add(
            "never_fired names '" + rule + "', which is no rule or scenario of this spec's rules");
      } else if (fired > 0) {
        failures.add("'" + rule + "' was expected never to fire but fired " + fired + " time(s)");
      }
    }
    return new Outcome(spec, failures);
  }

  /** Every spec's rounds are watched by {@code dog}, so a rule that never returns is reported. */
  public SpecRunner watchdog(RoundWatchdog dog) {
    this.watchdog = dog;
    return this;
  }

  /** Unexpected actions a failure lists one by one; the count covers the rest. */
  private static final int MAX_UNEXPECTED_LISTED = 20;

  /** Replays, keeping the first {@code wanted} decisions: enough to compare, however many come. */
  private ReplayResult replay(
      RuleSpec spec, RuleBase ruleBase, List<DecidedAction> kept, int wanted) throws Exception {
    ActionLoop dryRun = new DryRunLoop(new DryRunExecutor(spec.failing(), line -> {}))::carryOut;
    return Replay.run(
        ruleBase,
        spec.trace(),
        spec.untilMillis(),
        EvaluatorOptions.simulation().denyByDefault(spec.denyByDefault()).watchdog(watchdog),
        new ReplayObserver() {
          @Override
          public void decided(List<DecidedAction> atOneTime) {
            for (DecidedAction d : atOneTime) {
              if (kept.size() < wanted) {
                kept.add(d);
              }
            }
          }
        },
        dryRun);
  }

  private RuleBase ruleBase(List<Path> rules) throws RuleBaseException {
    RuleBase cached = ruleBases.get(rules);
    if (cached != null) {
      return cached;
    }
    RuleSet set = RuleSet.load(rules, maxFileBytes);
    if (set.hasErrors()) {
      throw new RuleBaseException(set.problems());
    }
    RuleBase built = set.builder().sandbox(sandbox).classCache(classCache).build();
    ruleBases.put(rules, built);
    return built;
  }

  private static void compare(
      List<Map<String, Object>> expected,
      List<DecidedAction> actual,
      long actualCount,
      List<String> failures) {
    int n = Math.max(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (i >= expected.size()) {
        failures.add("unexpected action #" + (i + 1) + ": " + DecisionJson.line(actual.get(i)));
      } else if (i >= actual.size()) {
        failures.add("missing action #" + (i + 1) + ": expected " + describe(expected.get(i)));
      } else {
        String diff = mismatch(expected.get(i), actual.get(i));
        if (diff != null) {
          failures.add(
              "action #"
                  + (i + 1)
                  + ": "
                  + diff
                  + "\n      actual: "
                  + DecisionJson.line(actual.get(i)));
        }
      }
    }
    if (actualCount > actual.size()) {
      failures.add("… and " + (actualCount - actual.size()) + " more unexpected action(s)");
    }
    if (!failures.isEmpty() && expected.size() != actualCount) {
      failures.add(0, "expected " + expected.size() + " action(s), got " + actualCount);
    }
  }

  private static String mismatch(Map<String, Object> expected, DecidedAction actual) {
    Map<String, Object> got = new HashMap<>();
    got.put("time", actual.timeMillis());
    got.put("scenario", actual.scenario());
    got.put("rule", actual.rule());
    got.put("action", actual.action());
    got.put("target", actual.target());
    got.put("decision", actual.decision().label());
    got.put("decided_by", actual.decidedBy());
    got.put("reason", actual.reason());
    String wrong =
        expected.entrySet().stream()
            .filter(e -> !e.getValue().equals(got.get(e.getKey())))
            .map(
                e ->
                    e.getKey()
                        + " expected "
                        + show(e.getKey(), e.getValue())
                        + " but was "
                        + show(e.getKey(), got.get(e.getKey())))
            .collect(Collectors.joining(", "));
    return wrong.isEmpty() ? null : wrong;
  }

  /** An expected action as the spec wrote it, time in seconds. */
  private static String describe(Map<String, Object> expected) {
    return expected.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + ": "
                    + (e.getKey().equals("time") ? ((Long) e.getValue()) / 1000.0 : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String show(String key, Object value) {
    return key.equals("time") ? ((Long) value) / 1000.0 + " s" : "'" + value + "'";
  }
}
