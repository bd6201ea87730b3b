package io.piccolo.gateway.cli;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.index.ScenarioIndex;
import io.piccolo.engine.rulebase.KeptWindow;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.simulator.spec.Coverage;
import io.piccolo.simulator.spec.SpecCase;
import io.piccolo.simulator.spec.SpecException;
import io.piccolo.simulator.spec.SpecFile;
import io.piccolo.simulator.spec.SpecRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check and test rule files.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Test.class, RulesWatch.class})
final class RulesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return UserError.BAD_INPUT;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Compiles every DRL file and YAML scenario; prints one line per problem as"
            + " file:line:column: message.",
        "Exit code 0 when there is no error, 1 otherwise."
      })
  static final class Check implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "rule files or folders")
    List<Path> paths;

    @Option(names = "--explain", description = "show what each scenario and rule compiled into")
    boolean explain;

    @Mixin RuleLoading loading;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RuleLoading.requireExisting(paths);
      RuleSet set = loading.load(paths);
      RuleLoading.Checked checked = loading.check(set);
      loading.print(checked.problems(), out);
      set.notes().forEach(out::println);
      RuleBase ruleBase = checked.ruleBase();
      if (ruleBase == null) {
        return 1;
      }
      if (loading.vss == null) {
        out.println("note: signal paths not checked against a catalogue (add --vss FILE)");
      }
      if (explain) {
        explain(ruleBase, out);
      }
      out.printf(
          "ok: %d file(s), %d scenario(s), %d DRL rule(s) of which %d policy rule(s)%n",
          set.files().size(),
          ruleBase.scenarios().size(),
          ruleBase.drlRules().size(),
          ruleBase.policyRules().size());
      return 0;
    }

    private static void explain(RuleBase ruleBase, PrintWriter out) {
      out.println();
      out.print(new ScenarioIndex(ruleBase.scenarios()).explain());
      java.util.Set<String> indexed = new java.util.HashSet<>();
      ruleBase.indexedEdgeRules().forEach(r -> indexed.add(r.scenario().name()));
      for (String rule : ruleBase.drlRules()) {
        boolean policy = ruleBase.policyRules().contains(rule);
        out.println("rule " + rule + "  (" + ruleBase.origins().place(rule) + ")");
        out.println(
            policy
                ? "  compiled into: a DRL rule matching ActionRequest, so a policy: it runs right"
                    + " after each request it matches (high salience added unless it sets one)"
                : indexed.contains(rule)
                    ? "  compiled into: the condition index in front of the session"
                        + " (@trigger(edge), Signal comparisons only); its then block runs in the"
                        + " session once each time the condition becomes true, re-armed when it"
                        + " turns false"
                    : ruleBase.edgeRules().containsKey(rule)
                        ? "  compiled into: a DRL rule in the Drools session, edge-triggered"
                            + " (@trigger(edge)): its then block runs once per match, re-armed"
                            + " when the match goes away"
                        : "  compiled into: a DRL rule in the Drools session (fires by Drools'"
                            + " own semantics)");
        out.println();
      }
      out.println(
          "DRL packages: "
              + ruleBase.drlPackages()
              + ", of which "
              + ruleBase.cachedPackages()
              + " took their compiled classes from the cache (setting rules.cache)");
      out.println("session feed:");
      out.println("  Signal facts (latest value) for: " + ruleBase.signalFacts());
      out.println("  SignalEvent events for: " + ruleBase.signalEvents());
      for (KeptWindow w : ruleBase.keptWindows()) {
        out.println(
            "  window kept by the engine (no events in the session): "
                + w.function()
                + " of "
                + w.path()
                + " over "
                + Durations.format(w.sizeMillis())
                + ", matched as WindowValue(key == \""
                + w.key()
                + "\")");
      }
      if (!ruleBase.signalEvents().isNone()) {
        out.println(
            "  SignalEvents expire after "
                + Durations.format(ruleBase.eventExpiryMillis())
                + (ruleBase.engineDropsEvents()
                    ? " (rules see them only through time windows: the engine drops them then,"
                        + " oldest first)"
                    : " (Drools expires each one)"));
      }
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Runs rule specs (*.spec.yaml): a trace, and exactly the actions expected from it.",
        "Prints one line per case and 'N passed, N failed'; exit code 1 if any failed.",
        "With --coverage, also the DRL rules that never fired and the YAML condition leaves"
            + " never seen true or false."
      })
  static final class Test implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "spec files or folders")
    List<Path> paths;

    @Mixin SettingsOption config;

    @Mixin RoundTimeout roundTimeout;

    @Option(
        names = "--coverage",
        description =
            "report, over all specs run, every DRL rule that never fired and every YAML condition"
                + " leaf never seen true or never seen false")
    boolean coverage;

    @Option(
        names = "--min-coverage",
        paramLabel = "PERCENT",
        description = "fail (exit code 1) when coverage is under PERCENT (implies --coverage)")
    Double minCoverage;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (minCoverage != null && !(minCoverage >= 0 && minCoverage <= 100)) {
        throw new UserError(
            UserError.BAD_INPUT, "--min-coverage must be a percentage from 0 to 100");
      }
      roundTimeout.applyTo(config);
      Settings settings = config.settings();
      List<Path> files;
      try {
        files = SpecFile.find(paths);
      } catch (IOException e) {
        throw new UserError(UserError.BAD_INPUT, e.getMessage());
      }
      if (files.isEmpty()) {
        throw new UserError(UserError.BAD_INPUT, "no *.spec.yaml files under " + paths);
      }
      long maxBytes = settings.get(Settings.TEXT_FILE_SIZE);
      try (RoundWatchdog watchdog =
          RoundTimeout.start(settings, out::flush, spec.commandLine().getErr())) {
        SpecRunner runner =
            new SpecRunner(
                    maxBytes, SandboxPolicy.defaults().allow(settings.get(Settings.SANDBOX_ALLOW)))
                .classCache(RuleLoading.classCache(settings))
                .watchdog(watchdog);
        Coverage covered = coverage || minCoverage != null ? new Coverage() : null;
        int exit = run(files, runner.coverage(covered), maxBytes, out);
        return covered == null ? exit : Math.max(exit, report(covered, out));
      }
    }

    private int report(Coverage covered, PrintWriter out) {
      covered.report().forEach(out::println);
      if (minCoverage != null && covered.percent() < minCoverage) {
        out.println(
            "coverage "
                + Coverage.format(covered.percent())
                + " % is under --min-coverage "
                + new java.math.BigDecimal(minCoverage.toString())
                    .stripTrailingZeros()
                    .toPlainString()
                + " %");
        return 1;
      }
      return 0;
    }

    private static int run(List<Path> files, SpecRunner runner, long maxBytes, PrintWriter out) {
      int passed = 0;
      int failed = 0;
      for (Path file : files) {
        List<SpecCase> cases;
        try {
          cases = SpecFile.read(file, maxBytes);
        } catch (SpecException e) {
          out.println("FAIL " + file);
          out.println("    " + e.getMessage());
          failed++;
          continue;
        }
        for (SpecCase c : cases) {
          List<String> failures = c.failures(runner);
          if (failures.isEmpty()) {
            passed++;
            out.println("PASS " + c.name());
          } else {
            failed++;
            out.println("FAIL " + c.name() + "  (" + c.file() + ":" + c.line() + ")");
            failures.forEach(f -> out.println("    " + f));
          }
        }
      }
      out.println(passed + " passed, " + failed + " failed");
      return failed == 0 ? 0 : 1;
    }
  }
}
