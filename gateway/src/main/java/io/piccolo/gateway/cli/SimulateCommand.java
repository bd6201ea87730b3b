package io.piccolo.gateway.cli;

import io.piccolo.adapters.dispatch.DispatchListener;
import io.piccolo.adapters.dispatch.Dispatched;
import io.piccolo.adapters.dispatch.PackageRollbacks;
import io.piccolo.adapters.dispatch.ScenarioStateRecorder;
import io.piccolo.adapters.dryrun.DryRunExecutor;
import io.piccolo.adapters.dryrun.DryRunLoop;
import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.RuleFailure;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.simulator.replay.ActionLoop;
import io.piccolo.simulator.replay.Replay;
import io.piccolo.simulator.replay.ReplayObserver;
import io.piccolo.simulator.replay.ReplayResult;
import io.piccolo.simulator.report.ReportCollector;
import io.piccolo.simulator.trace.TraceFormatException;
import io.piccolo.simulator.trace.TraceSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a trace through rule files on a pseudo clock and writes one JSON line per decided"
          + " action.",
      "With --target, replays it into a running piccolo serve over its WebSocket instead, on the"
          + " real clock, and prints the server's decisions and their latency.",
      "A trace is CSV (time,path,value; time in seconds) or JSON lines."
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rules",
      paramLabel = "PATH",
      description =
          "a .drl file, a YAML artifact file, or a folder of them (repeatable); required unless"
              + " --target is given")
  List<Path> rules;

  @Option(
      names = "--target",
      paramLabel = "URL",
      description =
          "replay into the piccolo serve at this URL (e.g. http://127.0.0.1:47099), which has the"
              + " rules, over its WebSocket")
  String target;

  @Option(
      names = "--speed",
      paramLabel = "N|max",
      description =
          "with --target: how many times faster than the trace (default 1), or max for as fast as"
              + " the server takes the samples")
  String speed;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "the trace to replay")
  Path trace;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write the JSON lines here (default: stdout)")
  Path out;

  @Option(
      names = "--until",
      paramLabel = "SECONDS",
      description =
          "end the run at this time; later samples are ignored (default: the last sample)")
  String until;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "also write a self-contained HTML report with a timeline of every signal and decision")
  Path report;

  @Option(
      names = "--default-decision",
      paramLabel = "allow|deny",
      description =
          "what a request no policy decided becomes (setting evaluation.default-decision, default"
              + " allow)")
  String defaultDecision;

  @Option(
      names = "--etcd",
      paramLabel = "URL",
      description = "record scenario states in etcd as the run goes (/scenario/NAME/state)")
  String etcd;

  @Option(
      names = "--store-outage-limit",
      paramLabel = "DURATION",
      description =
          "with --etcd: give up on state writes still queued once etcd has accepted none for this"
              + " long; the decisions are written either way (setting store.outage-limit, default"
              + " 30s)")
  String storeOutageLimit;

  /** Reported once the output is complete: the decisions never wait for, or depend on, etcd. */
  private UserError unwrittenStates;

  @Mixin RuleLoading loading;

  @Mixin RoundTimeout roundTimeout;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (target != null) {
      return new RemoteSimulation(this).run();
    }
    if (rules == null || rules.isEmpty()) {
      throw new UserError(
          UserError.BAD_INPUT,
          "name the rules with --rules PATH, or a running server that has them with --target URL");
    }
    if (speed != null) {
      throw new UserError(
          UserError.BAD_INPUT,
          "--speed paces a replay into a server: use it with --target (offline replays run on a"
              + " pseudo clock, as fast as they can)");
    }
    loading.config.override(Settings.DEFAULT_DECISION, defaultDecision, "--default-decision");
    roundTimeout.applyTo(loading.config);
    loading.config.override(Settings.STORE_OUTAGE_LIMIT, storeOutageLimit, "--store-outage-limit");
    Settings settings = loading.settings();
    boolean denyByDefault = settings.get(Settings.DEFAULT_DECISION).equals("deny");
    Long untilMillis = SimulationInputs.untilMillis(until);
    TraceSource source = traceSource(trace);
    RuleLoading.requireExisting(rules);
    RuleSet set = loading.load(rules);
    RuleBase ruleBase = loading.build(set, err);
    set.notes().forEach(err::println);
    warnUnknownTargets(set, err);
    if (report != null) {
      requireFolder(report, "the report");
    }
    ReportCollector collector =
        report == null ? null : new ReportCollector(settings.get(Settings.REPORT_DECISION_ROWS));
    ReplayResult result;
    try (DecisionLines output = openOutput();
        RoundWatchdog watchdog = RoundTimeout.start(settings, output::flush, err)) {
      ReplayObserver observers =
          collector == null
              ? ReplayObserver.all(output, ProgressBar.onTerminal(err))
              : ReplayObserver.all(output, collector, ProgressBar.onTerminal(err));
      EvaluatorOptions options =
          EvaluatorOptions.simulation()
              .denyByDefault(denyByDefault)
              .watchdog(watchdog)
              .resultRetention(settings.get(Settings.RESULT_RETENTION));
      result =
          replay(
              ruleBase,
              source,
              untilMillis,
              options,
              observers,
              err,
              output,
              settings.get(Settings.STORE_OUTAGE_LIMIT));
    }
    if (collector != null) {
      Reports.write(report, source.name(), collector, ruleBase, result);
      err.println("report: " + report);
    }
    err.println(Summary.line(result));
    if (unwrittenStates != null) {
      throw unwrittenStates;
    }
    return 0;
  }

  private ReplayResult replay(
      RuleBase ruleBase,
      TraceSource trace,
      Long untilMillis,
      EvaluatorOptions options,
      ReplayObserver observers,
      PrintWriter err,
      DecisionLines output,
      Duration outageLimit) {
    if (etcd == null) {
      try {
        return run(ruleBase, trace, untilMillis, options, observers);
      } finally {
        ProgressBar.finish(err);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    ruleBase.scenarios().forEach(s -> names.add(s.name()));
    try (StateStore store = StoreOptions.etcd(etcd);
        ScenarioStateRecorder states = new ScenarioStateRecorder(store, names, err::println)) {
      PackageRollbacks rollbacks = new PackageRollbacks(store);
      states.start();
      DryRunLoop dryRun =
          new DryRunLoop(
              new DryRunExecutor(),
              new DispatchListener() {
                @Override
                public void result(ActionResult result) {}

                @Override
                public void finished(Dispatched request, boolean succeeded, String reason) {
                  DecidedAction d = request.decision();
                  states.finished(d, succeeded, d.timeMillis());
                }
              });
      ActionLoop recording =
          round -> {
            states.record(round); // before the work, so its outcome finds the firing
            rollbacks.record(round);
            return dryRun.carryOut(round);
          };
      ReplayResult result;
      try {
        result = run(ruleBase, trace, untilMillis, options, observers, recording);
      } finally {
        ProgressBar.finish(err);
      }
      rollbacks.notes().forEach(err::println);
      output.close(); // complete before waiting: etcd cannot hold the decisions back
      if (states.pending() > 0) {
        err.println(
            "writing " + states.pending() + " queued scenario state transitions to etcd...");
      }
      int unwritten = states.finish(outageLimit);
      if (unwritten > 0) {
        unwrittenStates =
            new UserError(
                1,
                unwritten
                    + " of "
                    + states.transitions()
                    + " scenario state transitions could not be written to etcd at "
                    + etcd
                    + ": it accepted none for "
                    + Durations.format(outageLimit.toMillis())
                    + " (store.outage-limit); the decisions are complete");
      } else {
        err.println(
            "recorded " + states.transitions() + " scenario state transitions in etcd at " + etcd);
      }
      return result;
    } catch (StoreException e) {
      throw new UserError(1, e.getMessage());
    } catch (UserError | RuleFailure e) {
      throw e;
    } catch (Exception e) {
      throw new UserError(1, "recording scenario states failed: " + e.getMessage());
    }
  }

  /** A replay whose trace errors are bad input, reported after the decisions made before them. */
  private static ReplayResult run(
      RuleBase ruleBase,
      TraceSource trace,
      Long untilMillis,
      EvaluatorOptions options,
      ReplayObserver observers) {
    return run(ruleBase, trace, untilMillis, options, observers, ActionLoop.dryRun());
  }

  private static ReplayResult run(
      RuleBase ruleBase,
      TraceSource trace,
      Long untilMillis,
      EvaluatorOptions options,
      ReplayObserver observers,
      ActionLoop actions) {
    try {
      return Replay.run(ruleBase, trace, untilMillis, options, observers, actions);
    } catch (TraceFormatException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage());
    } catch (IOException e) {
      throw new UserError(
          UserError.BAD_INPUT,
          trace.name()
              + ": cannot read trace: "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UserError(1, e.getMessage());
    }
  }

  /** A trace file that can be opened; its lines are checked as the replay reads them. */
  static TraceSource traceSource(Path file) {
    if (!Files.exists(file)) {
      throw new UserError(UserError.BAD_INPUT, file + ": cannot read trace: no such file");
    }
    if (Files.isDirectory(file) || !Files.isReadable(file)) {
      throw new UserError(UserError.BAD_INPUT, file + ": cannot read trace: not a readable file");
    }
    return TraceSource.file(file);
  }

  private void warnUnknownTargets(RuleSet set, PrintWriter err) {
    WarningFold fold = new WarningFold(loading.verbose);
    for (RuleSet.UnknownTarget u : set.unknownTargets()) {
      fold.add(
          "scenarios whose target names no Package in these files",
          u.scenario().name(),
          u.warning("in these files").toString());
    }
    fold.print(err);
  }

  /** A file a run will write must have a folder, checked before the run rather than after it. */
  static void requireFolder(Path file, String what) {
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new UserError(
          UserError.BAD_INPUT, file + ": cannot write " + what + ": no folder " + folder);
    }
  }

  /** Opened before the run, so a path that cannot be written fails fast and nothing is lost. */
  DecisionLines openOutput() {
    if (out == null) {
      return DecisionLines.to(spec.commandLine().getOut());
    }
    requireFolder(out, "the output");
    try {
      return DecisionLines.to(out);
    } catch (IOException e) {
      throw new UserError(
          UserError.BAD_INPUT, out + ": cannot write the output: " + e.getMessage());
    }
  }

  /** Figures for one finished run, on one line. */
  static final class Summary {
    private Summary() {}

    static String line(ReplayResult r) {
      return String.format(
          Locale.ROOT,
          "%d signals; rules fired %d time(s); %d action(s): %d allowed, %d denied; %d"
              + " suppressed by cooldown; %.0f ms wall, %.0f signals/s",
          r.signalsProcessed(),
          r.rulesFired(),
          r.decisions().total(),
          r.allowed(),
          r.denied(),
          r.suppressed(),
          r.wallNanos() / 1e6,
          r.signalsPerSecond());
    }
  }
}
