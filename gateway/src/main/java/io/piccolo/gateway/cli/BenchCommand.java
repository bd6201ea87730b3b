package io.piccolo.gateway.cli;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.simulator.bench.EngineBench;
import io.piccolo.simulator.bench.StoreBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks.",
    subcommands = {BenchCommand.Engine.class, BenchCommand.Store.class})
final class BenchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return UserError.BAD_INPUT;
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

  @Command(
      name = "store",
      mixinStandardHelpOptions = true,
      description = {
        "Scenario state transitions written per second, and how long a written state takes to"
            + " become a fact a rule fires on in a running evaluator.",
        "With --etcd, against that etcd; otherwise the in-memory store."
      })
  static final class Store implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--etcd",
        paramLabel = "URL",
        description = "etcd to measure, e.g. http://127.0.0.1:2379")
    String etcd;

    @Option(
        names = "--transitions",
        paramLabel = "N",
        defaultValue = "5000",
        description =
            "state transitions to write (default: ${DEFAULT-VALUE}); a tenth as many for latency")
    int transitions;

    @Override
    public Integer call() throws Exception {
      if (transitions < 10) {
        throw new UserError(UserError.BAD_INPUT, "--transitions must be at least 10");
      }
      try (StateStore store = etcd != null ? StateStores.etcd(etcd) : StateStores.inMemory()) {
        new StoreBench(
                store,
                etcd != null ? "etcd " + etcd : "in-memory",
                transitions,
                spec.commandLine().getOut())
            .run();
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
      return 0;
    }
  }
}
