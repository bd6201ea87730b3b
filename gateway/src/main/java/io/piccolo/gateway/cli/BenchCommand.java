package io.piccolo.gateway.cli;

import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.simulator.bench.EngineBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks.",
    subcommands = {BenchCommand.Engine.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "engine",
      mixinStandardHelpOptions = true,
      description = {
        "Throughput and latency of the engine against a Pullpiri-style loop and a hand-written"
            + " evaluator, on N threshold scenarios over N/10 signals.",
        "Prints a table, then one JSON line. Exit code 1 if the evaluators disagree."
      })
  static final class Engine implements Callable<Integer> {
    @Option(
        names = "--rules",
        paramLabel = "N",
        defaultValue = "100",
        description = "scenarios (default: ${DEFAULT-VALUE})")
    int scenarios;

    @Option(
        names = "--signals",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "signal updates to replay through each evaluator (default: ${DEFAULT-VALUE})")
    int samples;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws RuleBaseException {
      if (scenarios < 1 || samples < 1) {
        throw new UserError(UserError.BAD_INPUT, "--rules and --signals must be at least 1");
      }
      return new EngineBench(scenarios, samples, spec.commandLine().getOut()).run() ? 0 : 1;
    }
  }
}
