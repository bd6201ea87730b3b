package io.piccolo.gateway.cli;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.simulator.generate.DriveGenerator;
import io.piccolo.simulator.replay.Replay;
import io.piccolo.simulator.replay.ReplayObserver;
import io.piccolo.simulator.replay.ReplayResult;
import io.piccolo.simulator.report.ReportCollector;
import io.piccolo.simulator.trace.Trace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a generated drive (leaving a parking space, town, a traffic jam, a highway,"
          + " parking again) through the example rules and shows what they decided.",
      "Needs nothing outside the JVM: in-memory state, dry-run action executor."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "drive generator seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--rules",
      paramLabel = "PATH",
      description = "rule files or folders (default: the repository's rules/ folder)")
  List<Path> rules;

  @Option(names = "--report", paramLabel = "FILE.html", description = "also write the HTML report")
  Path report;

  @Option(
      names = "--trace-out",
      paramLabel = "FILE.csv",
      description = "also save the generated drive as a trace")
  Path traceOut;

  @Mixin RuleLoading loading;

  @Override
  public Integer call() throws Exception {
    if (report != null) {
      SimulateCommand.requireFolder(report, "the report");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> rulePaths = rules != null ? rules : List.of(defaultRules());
    Trace drive = new DriveGenerator(seed).generate();
    if (traceOut != null) {
      TraceFiles.writeCsv(traceOut, drive);
    }
    RuleLoading.requireExisting(rulePaths);
    RuleSet set = loading.load(rulePaths);
    RuleBase ruleBase = loading.build(set, err);
    out.printf(
        "PICCOLO demo: a generated drive (seed %d), %s of driving, %d samples%n",
        seed, minutes(drive.lastTime()), drive.size());
    out.printf(
        "rules: %s: %d scenario(s), %d DRL rule(s) of which %d policy rule(s)%n%n",
        rulePaths,
        ruleBase.scenarios().size(),
        ruleBase.drlRules().size(),
        ruleBase.policyRules().size());
    List<DecidedAction> decisions = new ArrayList<>();
    ReportCollector collector =
        new ReportCollector(loading.settings().get(Settings.REPORT_DECISION_ROWS));
    ReplayObserver listing =
        new ReplayObserver() {
          @Override
          public void decided(List<DecidedAction> atOneTime) {
            decisions.addAll(atOneTime); // a generated drive is short: the table lists them all
          }
        };
    ReplayResult result;
    try (RoundWatchdog watchdog = RoundTimeout.start(loading.settings(), out::flush, err)) {
      result =
          Replay.run(
              ruleBase,
              drive,
              null,
              EvaluatorOptions.simulation().watchdog(watchdog),
              report == null ? listing : ReplayObserver.all(listing, collector));
    }
    printDecisions(decisions, out);
    out.println();
    out.println("dry-run executor: allowed actions are reported here, not carried out.");
    out.println();
    printRules(result.firedByRule(), out);
    out.println();
    out.println("summary: " + SimulateCommand.Summary.line(result));
    out.println(
        "(a short run in a fresh JVM; ./piccolo bench engine measures the engine warmed up)");
    if (report != null) {
      Reports.write(report, drive.name(), collector, ruleBase, result);
      out.println("report: " + report);
    }
    return 0;
  }

  static Path defaultRules() {
    String home = System.getProperty("piccolo.home");
    Path rules = home != null ? Path.of(home, "rules") : Path.of("rules");
    if (!Files.isDirectory(rules)) {
      throw new UserError(
          UserError.BAD_INPUT, "no rules folder at " + rules + "; name one with --rules PATH");
    }
    return rules;
  }

  private static void printDecisions(List<DecidedAction> decisions, PrintWriter out) {
    if (decisions.isEmpty()) {
      out.println("(no action was requested)");
      return;
    }
    int width = decisions.stream().mapToInt(d -> d.scenario().length()).max().orElse(0);
    String row = "%-8s %-" + width + "s  %-9s %-18s %s%n";
    out.printf(row, "time", "scenario / rule", "action", "target", "decision");
    for (DecidedAction d : decisions) {
      out.printf(row, minutes(d.timeMillis()), d.scenario(), d.action(), d.target(), verdict(d));
    }
  }

  private static String verdict(DecidedAction d) {
    String decision = d.decision().label().toUpperCase(java.util.Locale.ROOT);
    return d.decidedBy().equals("default")
        ? decision + " (no policy decided: " + d.reason() + ")"
        : decision + " by " + d.decidedBy() + ": " + d.reason();
  }

  private static void printRules(Map<String, Long> fired, PrintWriter out) {
    out.println("fired:");
    fired.forEach(
        (rule, n) -> {
          if (n > 0) {
            out.printf("  %-40s %d%n", rule, n);
          }
        });
    List<String> never =
        fired.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    if (!never.isEmpty()) {
      out.println("never fired: " + String.join(", ", never));
    }
  }

  private static String minutes(long millis) {
    long totalTenths = millis / 100;
    return String.format(
        "%d:%02d.%d", totalTenths / 600, (totalTenths / 10) % 60, totalTenths % 10);
  }
}
