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

/** Runs rule specs; rule bases are built once per distinct set of rule files. */
public final class SpecRunner {
  private final Map<List<Path>, RuleBase> ruleBases = new HashMap<>();
  private Map<List<Path>, RuleBase> earlier = Map.of();
  private final long maxFileBytes;
  private final SandboxPolicy sandbox;
  private RoundWatchdog watchdog;
  private Coverage coverage;

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

  /**
   * Rule files may have changed on disk: each rule set is read again at its next use, and rebuilt
   * keeping what was compiled before where nothing changed.
   */
  public void filesChanged() {
    earlier = Map.copyOf(ruleBases);
    ruleBases.clear();
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
    if (coverage != null) {
      coverage.register(ruleBase);
    }
    List<DecidedAction> actual = new ArrayList<>();
    ReplayResult result;
    try {
      result = replay(spec, ruleBase, actual, kept(spec));
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
    if (coverage != null) {
      coverage.add(ruleBase, result);
    }
    List<String> failures = new ArrayList<>();
    if (spec.expect() != null) {
      new ActionComparison(spec.expect(), actual, result.decisions().total(), failures)
          .compare(spec.match());
    }
    new FiringCounts(spec, ruleBase, result, failures).check();
    return new Outcome(spec, failures);
  }

  /** How many decisions to keep: enough to compare, however many come. */
  private static int kept(RuleSpec spec) {
    if (spec.expect() == null) {
      return 0;
    }
    return spec.match() == Match.EXACT
        ? spec.expect().size() + ActionComparison.MAX_UNEXPECTED_LISTED
        : MAX_COMPARED_IN_ANY_ORDER;
  }

  /** The actions an unordered or contains case compares at most. */
  static final int MAX_COMPARED_IN_ANY_ORDER = 10_000;

  /**
   * What every run from now on exercised of its rules goes to {@code coverage} (recording the
   * conditions' outcomes costs a little per sample, so only then).
   */
  public SpecRunner coverage(Coverage coverage) {
    this.coverage = coverage;
    return this;
  }

  /** Every spec's rounds are watched by {@code dog}, so a rule that never returns is reported. */
  public SpecRunner watchdog(RoundWatchdog dog) {
    this.watchdog = dog;
    return this;
  }

  /** Replays, keeping the first {@code wanted} decisions. */
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
        dryRun,
        new Replay.Extras(new GivenFacts(spec.facts()), coverage != null));
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
    RuleBase built =
        set.builder().sandbox(sandbox).classCache(classCache).rebuildOf(earlier.get(rules)).build();
    ruleBases.put(rules, built);
    return built;
  }
}
