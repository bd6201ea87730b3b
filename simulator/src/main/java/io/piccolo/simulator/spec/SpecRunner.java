package io.piccolo.simulator.spec;

import io.piccolo.adapters.dryrun.DryRunExecutor;
import io.piccolo.adapters.dryrun.DryRunLoop;
import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.RuleFailure;
import io.piccolo.engine.rulebase.CompiledClassCache;
import io.piccolo.engine.rulebase.CompiledPackages;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs rule specs; rule bases are built once per distinct set of rule files, and their DRL packages
 * once per distinct text.
 */
public final class SpecRunner {
  private final Map<List<Path>, Built> ruleBases = new HashMap<>();

  /** Rule sets whose files may have changed since their rule base was built. */
  private final Set<List<Path>> unread = new HashSet<>();

  private CompiledPackages packages = new CompiledPackages();
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
   * Where compiled DRL packages are shared (one of its own by default): with the pool a check of
   * the same files uses, one save compiles a changed package once.
   */
  public SpecRunner sharePackages(CompiledPackages pool) {
    this.packages = pool;
    return this;
  }

  /**
   * Rule files may have changed on disk: each rule set is read again at its next use, kept when its
   * files read as before, and otherwise rebuilt, taking the packages compiled before where their
   * text did not change.
   */
  public void filesChanged() {
    unread.addAll(ruleBases.keySet());
  }

  /** A rule set as read, and what it built into: a rule base, or why it did not. */
  private record Built(RuleSet set, RuleBase ruleBase, RuleBaseException failure) {
    RuleBase get() throws RuleBaseException {
      if (failure != null) {
        throw failure;
      }
      return ruleBase;
    }
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
    Built cached = ruleBases.get(rules);
    if (cached != null && !unread.remove(rules)) {
      return cached.get();
    }
    RuleSet set = RuleSet.load(rules, maxFileBytes);
    if (cached == null || !set.sameFilesAs(cached.set())) {
      cached = build(set);
      ruleBases.put(rules, cached);
    }
    return cached.get();
  }

  private Built build(RuleSet set) {
    if (set.hasErrors()) {
      return new Built(set, null, new RuleBaseException(set.problems()));
    }
    try {
      RuleBase built =
          set.builder().sandbox(sandbox).classCache(classCache).sharePackages(packages).build();
      return new Built(set, built, null);
    } catch (RuleBaseException e) {
      return new Built(set, null, e);
    }
  }
}
