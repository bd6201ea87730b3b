package io.piccolo.gateway.cli;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.simulator.bench.DrlBench;
import io.piccolo.simulator.bench.EngineBench;
import io.piccolo.simulator.bench.StoreBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks.",
    subcommands = {
      BenchCommand.Engine.class,
      BenchCommand.Drl.class,
      BenchCommand.Store.class,
      BenchCommand.Trace.class,
      BenchCommand.Windows.class,
      BenchCommand.Read.class,
      BenchCommand.Reload.class,
      BenchCommand.Serve.class,
      BenchCommand.Camera.class,
      BenchCommand.Lsp.class
    })
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
  static final class Engine extends Mode {
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

    @Option(
        names = "--leaf",
        paramLabel = "KIND",
        defaultValue = "comparison",
        description =
            "how the engine's scenarios write each threshold: comparison, between or rearm"
                + " (same truth on this workload; default: ${DEFAULT-VALUE})")
    String leaf;

    @Override
    public Integer call() throws RuleBaseException {
      refuseIf(scenarios < 1 || samples < 1, "--rules and --signals must be at least 1");
      refuseIf(
          !java.util.List.of("comparison", "between", "rearm").contains(leaf),
          "--leaf must be comparison, between or rearm");
      return new EngineBench(scenarios, samples, leaf, out()).run() ? 0 : 1;
    }
  }

  @Command(
      name = "drl",
      mixinStandardHelpOptions = true,
      description = {
        "The threshold workload of 'bench engine' as YAML scenarios, as DRL rules with"
            + " @trigger(edge), as plain DRL rules and as the same plain DRL in a Drools session"
            + " of its own, in one run, on the same samples.",
        "Prints a table, then one JSON line. Exit code 1 if YAML and edge DRL fire differently,"
            + " or plain DRL and plain Drools a different number of times."
      })
  static final class Drl implements Callable<Integer> {
    @Option(
        names = "--rules",
        paramLabel = "N",
        defaultValue = "1000",
        description = "rules of each form (default: ${DEFAULT-VALUE})")
    int rules;

    @Option(
        names = "--signals",
        paramLabel = "N",
        defaultValue = "100000",
        description = "signal updates to replay through each form (default: ${DEFAULT-VALUE})")
    int samples;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws RuleBaseException {
      if (rules < 1 || samples < 1) {
        throw new UserError(UserError.BAD_INPUT, "--rules and --signals must be at least 1");
      }
      return new DrlBench(rules, samples, spec.commandLine().getOut()).run() ? 0 : 1;
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
  static final class Store extends Mode {
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
      refuseIf(transitions < 10, "--transitions must be at least 10");
      try (StateStore store = etcd != null ? StoreOptions.etcd(etcd) : StateStores.inMemory()) {
        new StoreBench(store, etcd != null ? "etcd " + etcd : "in-memory", transitions, out())
            .run();
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
      return 0;
    }
  }

  @Command(
      name = "trace",
      mixinStandardHelpOptions = true,
      description = {
        "Writes a long trace for replay benchmarks: the demo's generated drive, repeated back to"
            + " back until it holds N samples, as CSV.",
        "Written as it is generated, so it can feed simulate through a pipe without a file:",
        "  piccolo bench trace --samples 100000000 | piccolo simulate --rules rules --trace"
            + " /dev/stdin --out /dev/null"
      })
  static final class Trace extends Mode {
    @picocli.CommandLine.Mixin Samples samples = new Samples(5_000_000);

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "drive generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
        names = "--out",
        paramLabel = "FILE.csv",
        description = "write here (default: standard output)")
    java.nio.file.Path out;

    @Override
    public Integer call() throws java.io.IOException {
      refuseIf(samples.count < 1, "--samples must be at least 1");
      io.piccolo.simulator.generate.LoopedDrive drive =
          new io.piccolo.simulator.generate.LoopedDrive(seed, samples.count);
      if (out != null) {
        TraceFiles.writeCsv(out, drive);
        return 0;
      }
      // the descriptor itself, not System.out: a closed pipe must stop the writing, not be ignored
      try (java.io.Writer stdout =
          new java.io.BufferedWriter(
              new java.io.OutputStreamWriter(
                  new java.io.FileOutputStream(java.io.FileDescriptor.out),
                  java.nio.charset.StandardCharsets.UTF_8),
              1 << 16)) {
        io.piccolo.simulator.trace.CsvTraceWriter.write(drive, stdout);
      } catch (java.io.IOException e) {
        throw new UserError(
            1, "standard output closed before the trace was complete: " + e.getMessage());
      }
      return 0;
    }
  }

  @Command(
      name = "windows",
      mixinStandardHelpOptions = true,
      description = {
        "Replay throughput with 60 s windows: N paths sampled at 100 Hz, each through two DRL"
            + " rules over its minute average (accumulate ... over window:time(60s)).",
        "Prints the runs, then one JSON line with a digest of the decisions. Exit code 1 if two"
            + " runs decide differently.",
        "With --write DIR, writes the rules (windows.drl) and the trace (trace.csv) there"
            + " instead, for `simulate` to replay them with any build."
      })
  static final class Windows extends Mode {
    @Option(
        names = "--paths",
        paramLabel = "N",
        defaultValue = "10",
        description = "signal paths, each with its own window (default: ${DEFAULT-VALUE})")
    int paths;

    @picocli.CommandLine.Mixin Samples samples = new Samples(2_000_000);

    @Option(
        names = "--write",
        paramLabel = "DIR",
        description = "write windows.drl and trace.csv to this folder and measure nothing")
    java.nio.file.Path write;

    @Override
    public Integer call() throws Exception {
      refuseIf(
          paths < 1 || paths > 1000 || samples.count < 1,
          "--paths must be from 1 to 1000 and --samples at least 1");
      if (write != null) {
        io.piccolo.simulator.bench.WindowWorkload workload =
            new io.piccolo.simulator.bench.WindowWorkload(
                paths, samples.count, io.piccolo.simulator.bench.WindowWorkload.SEED);
        try {
          java.nio.file.Files.createDirectories(write);
          java.nio.file.Files.writeString(write.resolve("windows.drl"), workload.drl());
        } catch (java.io.IOException e) {
          throw new UserError(UserError.BAD_INPUT, write + ": cannot write: " + e.getMessage());
        }
        TraceFiles.writeCsv(write.resolve("trace.csv"), workload);
        return 0;
      }
      return new io.piccolo.simulator.bench.WindowBench(paths, samples.count, out()).run() ? 0 : 1;
    }
  }

  @Command(
      name = "read",
      mixinStandardHelpOptions = true,
      description = {
        "How fast trace files are read: the demo's drive looped to N samples, written as CSV and"
            + " as JSON lines to a temporary folder, then read back.",
        "Prints a table, then one JSON line. Exit code 1 if a read does not give back exactly the"
            + " samples written."
      })
  static final class Read extends Mode {
    @picocli.CommandLine.Mixin Samples samples = new Samples(5_000_000);

    @Override
    public Integer call() throws Exception {
      refuseIf(samples.count < 1, "--samples must be at least 1");
      return new io.piccolo.simulator.bench.ReadBench(samples.count, out()).run() ? 0 : 1;
    }
  }

  @Command(
      name = "reload",
      mixinStandardHelpOptions = true,
      description = {
        "Save-to-live on a running server: from a rule file uploaded (PUT /api/v1/rules/FILE)"
            + " or saved on disk (serve --watch) until the changed rule has decided, with N"
            + " generated DRL rules.",
        "Prints a table of milliseconds, then one JSON line."
      })
  static final class Reload extends Mode {
    @Option(
        names = "--rules",
        paramLabel = "N",
        defaultValue = "100",
        description = "DRL rules besides the changed one (default: ${DEFAULT-VALUE})")
    int rules;

    @Option(
        names = "--files",
        paramLabel = "N",
        defaultValue = "10",
        description =
            "files (one DRL package each) the rules are spread over; the changed file shares the"
                + " first one's package, which is compiled again (default: ${DEFAULT-VALUE})")
    int files;

    @picocli.CommandLine.Mixin Runs runs = new Runs(10);

    @picocli.CommandLine.Mixin SettingsOption config;

    @Override
    public Integer call() throws Exception {
      refuseIf(
          rules < 1 || runs.count < 1 || files < 1 || files > rules,
          "--rules, --files and --runs must be at least 1, and --files at most --rules");
      io.piccolo.gateway.settings.Settings settings = config.settings();
      new io.piccolo.gateway.serve.ReloadBench(
              rules,
              files,
              runs.count,
              (set, earlier) -> RuleLoading.compile(set, earlier, settings),
              out())
          .run();
      return 0;
    }
  }

  @Command(
      name = "lsp",
      mixinStandardHelpOptions = true,
      description = {
        "piccolo lsp in this process, over JSON-RPC on a loopback socket: N edits of one rule file (a comment"
            + " line added each time), from didChange until its diagnostics are published;"
            + " the workspace folder (--workspace, default the file's folder) is checked each"
            + " time, as in the editor.",
        "Prints one line with p50, p99 and max. Exit code 1 if diagnostics did not come."
      })
  static final class Lsp extends Mode {
    @Option(
        names = "--edits",
        paramLabel = "N",
        defaultValue = "20",
        description = "measured edits, after 3 warm-up ones (default: ${DEFAULT-VALUE})")
    int edits;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        defaultValue = "rules/policies/no-video-while-moving.drl",
        description = "the rule file edited; never written (default: ${DEFAULT-VALUE})")
    java.nio.file.Path file;

    @Option(
        names = "--workspace",
        paramLabel = "FOLDER",
        description =
            "the workspace folder the editor opened, checked on each edit (default: the file's folder)")
    java.nio.file.Path workspace;

    @picocli.CommandLine.Mixin RuleLoading loading;

    @Override
    public Integer call() throws Exception {
      refuseIf(edits < 1, "--edits must be at least 1");
      refuseIf(!java.nio.file.Files.isRegularFile(file), file + ": no such file");
      java.nio.file.Path folder = workspace != null ? workspace : file.toAbsolutePath().getParent();
      refuseIf(!java.nio.file.Files.isDirectory(folder), folder + ": no such folder");
      return new io.piccolo.gateway.lsp.LspBench(
                  LspCommand.server(loading), file, folder, edits, out())
              .run()
          ? 0
          : 1;
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Starts a piccolo serve in its own JVM on loopback and drives it over its WebSocket:"
            + " signals/s over one connection and over many, sample-to-decision latency at a"
            + " fixed rate, and the server's memory with many idle subscribers; each beside the"
            + " same rules run by an engine in this process.",
        "Prints a table, then one JSON line. Exit code 1 if a sample, decision or event was lost."
      })
  static final class Serve extends Mode {
    @Option(
        names = "--seconds",
        paramLabel = "S",
        defaultValue = "10",
        description = "how long each figure is measured (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(
        names = "--connections",
        paramLabel = "N",
        defaultValue = "100",
        description = "connections publishing together (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(
        names = "--rate",
        paramLabel = "N",
        defaultValue = "20000",
        description = "signals/s for the latency figure (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(
        names = "--subscribers",
        paramLabel = "N",
        defaultValue = "1000",
        description = "idle event subscribers (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(
        names = "--scenarios",
        paramLabel = "N",
        defaultValue = "100",
        description = "threshold scenarios, one signal each (default: ${DEFAULT-VALUE})")
    int scenarios;

    @Option(
        names = "--batch",
        paramLabel = "N",
        defaultValue = "500",
        description =
            "samples per signal.publish when publishing flat out (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
      refuseIf(
          seconds <= 0
              || connections < 1
              || rate < 1
              || subscribers < 1
              || scenarios < 1
              || batch < 1,
          "--seconds, --connections, --rate, --subscribers, --scenarios and --batch must be"
              + " positive");
      io.piccolo.gateway.bench.ServeBench.Options options =
          new io.piccolo.gateway.bench.ServeBench.Options(
              seconds, connections, rate, subscribers, scenarios, batch);
      return new io.piccolo.gateway.bench.ServeBench(options, out()).run() ? 0 : 1;
    }
  }

  @Command(
      name = "camera",
      mixinStandardHelpOptions = true,
      description = {
        "Reverse gear to a running rear camera, end to end through a serve on the Podman runtime:"
            + " a CurrentGear = -1 sample posted, until Podman records the container as started;"
            + " cold (from nothing) and warm (prepared ahead), PICCOLO's part and Podman's apart.",
        "Needs a Podman API service (scripts/install-podman.sh, then podman system service)."
            + " Prints a table, then one JSON line. Exit code 1 if a run never started the camera."
      })
  static final class Camera extends Mode {
    @picocli.CommandLine.Mixin Runs runs = new Runs(50);

    @Option(
        names = "--runtime-socket",
        paramLabel = "PATH",
        description =
            "the Podman API socket (default: the setting runtime.socket, else"
                + " /run/podman/podman.sock)")
    String socket;

    @picocli.CommandLine.Mixin SettingsOption config;

    @Override
    public Integer call() throws Exception {
      refuseIf(runs.count < 1, "--runs must be at least 1");
      io.piccolo.gateway.settings.Settings settings = config.settings();
      java.nio.file.Path path =
          socket != null
              ? java.nio.file.Path.of(socket)
              : settings.get(io.piccolo.gateway.settings.Settings.RUNTIME_SOCKET) != null
                  ? settings.get(io.piccolo.gateway.settings.Settings.RUNTIME_SOCKET)
                  : java.nio.file.Path.of("/run/podman/podman.sock");
      try {
        return new io.piccolo.gateway.serve.CameraBench(path, runs.count, settings, out()).run()
            ? 0
            : 1;
      } catch (io.piccolo.gateway.serve.CameraBench.NoRuntime e) {
        throw new UserError(UserError.BAD_INPUT, "bench camera: " + e.getMessage());
      }
    }
  }

  /** What every mode has: its command's spec, for its output, and a check of its options. */
  abstract static class Mode implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    java.io.PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** Refuses the options as bad input, saying why, when {@code invalid}. */
    static void refuseIf(boolean invalid, String why) {
      if (invalid) {
        throw new UserError(UserError.BAD_INPUT, why);
      }
    }
  }

  /** {@code --samples}: how many samples a mode's trace holds; the mode gives the default. */
  static final class Samples {
    @Option(
        names = "--samples",
        paramLabel = "N",
        description = "samples in each trace (default: ${DEFAULT-VALUE})")
    long count;

    Samples(long byDefault) {
      this.count = byDefault;
    }
  }

  /** {@code --runs}: how many runs a mode measures; the mode gives the default. */
  static final class Runs {
    @Option(
        names = "--runs",
        paramLabel = "N",
        description =
            "measured runs of each kind, after 3 warm-up ones (default: ${DEFAULT-VALUE})")
    int count;

    Runs(int byDefault) {
      this.count = byDefault;
    }
  }
}
