package io.piccolo.gateway.cli;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.gateway.serve.PiccoloServer;
import io.piccolo.gateway.serve.ReloadableRules;
import io.piccolo.gateway.serve.RuleCompiler;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.simulator.replay.DecisionJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the rules live: an evaluator on the real clock and an HTTP server for signals,"
          + " health and metrics (docs/api.md).",
      "Decided actions are printed as JSON lines and carried out on each node's runtime"
          + " (runtime.default, runtime.nodes; the dry run unless the settings or --runtime name"
          + " one); their results come back to the rules as ActionResult facts. Ctrl-C or SIGTERM"
          + " evaluates the samples already queued and lets the work in flight finish, then exits"
          + " 0 (1 when serve.drain-timeout ran out first).",
      "Without API keys it serves loopback only; with keys (piccolo keys add, read at start)"
          + " every request but health needs one whose role allows it (docs/operations.md).",
      "Rule files change while it runs: PUT or DELETE /api/v1/rules/FILE, or save them with"
          + " --watch; rules that do not build are refused and the running rules stay."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rules",
      paramLabel = "PATH",
      description = "rule files or folders (default: the repository's rules/ folder)")
  List<Path> rules;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port (setting serve.port, default 47099; 0 picks a free one)")
  String port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "address to bind (setting serve.host, default 127.0.0.1)")
  String host;

  @Option(
      names = "--watch",
      description =
          "follow the --rules files and folders: a saved rule file is rebuilt and goes live, a"
              + " file with errors is logged and the running rules stay (docs/rule-authoring.md)")
  boolean watch;

  @Option(
      names = "--runtime",
      paramLabel = "NAME",
      description =
          "run every node's Models on this runtime: dry-run, podman, docker or bluechi (setting"
              + " runtime.default, default dry-run; runtime.nodes is then left aside)")
  String runtime;

  @Option(
      names = "--runtime-socket",
      paramLabel = "PATH",
      description = "the unix socket of --runtime's API (setting runtime.socket)")
  String runtimeSocket;

  @Mixin RuleLoading loading;

  @Mixin StoreOptions store;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long begin = System.nanoTime();
    loading.config.override(Settings.SERVE_PORT, port, "--port");
    loading.config.override(Settings.SERVE_HOST, host, "--host");
    loading.config.override(Settings.RUNTIME, runtime, "--runtime");
    loading.config.override(Settings.RUNTIME_SOCKET, runtimeSocket, "--runtime-socket");
    Settings settings = loading.settings();
    if (runtimeSocket != null && runtime == null) {
      throw new UserError(
          UserError.BAD_INPUT, "--runtime-socket: name the runtime it belongs to with --runtime");
    }
    if (runtime != null) {
      settings = settings.with(Settings.RUNTIME_NODES, java.util.Map.of(), "--runtime");
    }
    try {
      PiccoloServer.checkSettings(settings); // before the rules are built: fail fast
    } catch (IllegalArgumentException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage());
    }
    List<Path> rulePaths = rules != null ? rules : List.of(DemoCommand.defaultRules());
    RuleLoading.requireExisting(rulePaths);
    RuleSet set = RuleSet.load(rulePaths, settings.get(Settings.TEXT_FILE_SIZE), loading.strict);
    var catalogue = loading.catalogue(); // read here, so a bad file is bad input before anything
    // the rule base builds on its own thread while the server opens its port and its store
    CompletableFuture<RuleBase> building =
        CompletableFuture.supplyAsync(() -> loading.build(set, err), RuleBuild::onItsOwnThread);
    ReloadableRules files =
        new ReloadableRules(
            rulePaths,
            (candidate, earlier) -> {
              RuleLoading.Checked checked = loading.check(candidate, earlier);
              return new RuleCompiler.Compiled(
                  checked.ruleBase(), RuleLoading.sorted(checked.problems()));
            },
            watch,
            loading.strict);
    PiccoloServer server;
    try {
      server =
          new PiccoloServer(
              building,
              files,
              store.open(),
              store.describe(),
              settings,
              round -> print(round, out),
              err);
      server.checkSignalsAgainst(catalogue, loading.strict);
    } catch (IllegalArgumentException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage()); // a TLS file changed meanwhile
    }
    try {
      server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      RuleBuild.rethrowFailure(building); // rules that did not build: their problems are printed
      throw BindFailure.of(
          settings.get(Settings.SERVE_HOST), settings.get(Settings.SERVE_PORT), cause);
    }
    RuleBase ruleBase = building.join();
    err.printf(
        "piccolo serve: ready in %d ms on %s://%s:%d (%d scenario(s): %d from the rule files, %d"
            + " stored in the %s; %d DRL rule(s)); %s; %s; audit log %s%s%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        server.tls() ? "https" : "http",
        settings.get(Settings.SERVE_HOST),
        server.port(),
        server.scenarios(),
        ruleBase.scenarios().size(),
        server.storedScenarios(),
        store.describe(),
        ruleBase.drlRules().size(),
        server.keyCount() == 0
            ? "no API keys: loopback only"
            : server.keyCount() + " API key(s), read at start",
        runtimes(settings),
        server.auditFile(),
        watch ? "; watching the rule files for changes" : "");
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger exit =
        new java.util.concurrent.atomic.AtomicInteger();
    Runnable drain =
        () -> {
          if (stopping.getAndSet(true)) {
            return; // a second Ctrl-C while draining changes nothing
          }
          err.println("piccolo serve: stopping: evaluating the samples already queued");
          err.flush();
          exit.set(drained(server, err));
          out.flush();
          err.flush();
          stopped.countDown();
        };
    onSignal("TERM", drain);
    onSignal("INT", drain);
    stopped.await();
    return exit.get();
  }

  /** Which runtime carries out the actions: "actions on dry-run", with each node's own. */
  private static String runtimes(Settings settings) {
    StringBuilder out = new StringBuilder("actions on ").append(settings.get(Settings.RUNTIME));
    if (settings.get(Settings.RUNTIME_SOCKET) != null) {
      out.append(" at ").append(settings.get(Settings.RUNTIME_SOCKET));
    }
    new java.util.TreeMap<>(settings.get(Settings.RUNTIME_NODES))
        .forEach(
            (node, r) -> out.append(", node ").append(node).append(" on ").append(r.runtime()));
    return out.toString();
  }

  /** Waits for the drain and says what it did: 0 when every queued sample was evaluated, else 1. */
  private static int drained(PiccoloServer server, PrintWriter err) {
    PiccoloServer.Drained drained;
    try {
      // the server bounds its own drain by serve.drain-timeout; this bound only guards that
      drained =
          server
              .stop()
              .toCompletionStage()
              .toCompletableFuture()
              .get(server.drainTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      err.println(
          "piccolo serve: the drain did not end within serve.drain-timeout ("
              + server.drainTimeout().toMillis()
              + " ms); samples still queued were not evaluated");
      return 1;
    }
    if (drained.lost() > 0) {
      err.printf(
          "piccolo serve: serve.drain-timeout (%d ms) ran out: %d queued sample(s) were not"
              + " evaluated (%d were); exit code 1%n",
          server.drainTimeout().toMillis(), drained.lost(), drained.evaluated());
      return 1;
    }
    err.printf(
        "piccolo serve: stopped: the %d sample(s) still queued were evaluated%n",
        drained.evaluated());
    return 0;
  }

  /** Ctrl-C and SIGTERM drain and exit 0, rather than the JVM's default exit on a signal. */
  private static void onSignal(String name, Runnable drain) {
    Signal.handle(new Signal(name), signal -> new Thread(drain, "piccolo-drain").start());
  }

  private static void print(List<DecidedAction> round, PrintWriter out) {
    for (DecidedAction d : round) {
      out.println(DecisionJson.line(d));
    }
    out.flush();
  }
}
