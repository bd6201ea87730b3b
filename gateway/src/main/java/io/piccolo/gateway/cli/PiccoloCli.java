package io.piccolo.gateway.cli;

import io.piccolo.engine.RuleFailure;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code piccolo} command line: one entry point, subcommands per module. */
@Command(
    name = "piccolo",
    mixinStandardHelpOptions = true,
    version = "piccolo 0.1.0",
    description = "Rules-driven orchestration for software-defined vehicles.")
public final class PiccoloCli implements Callable<Integer> {
  /**
   * The subcommands, in the order the usage lists them. Picocli reads every annotation of every
   * command it is given (most of a short command's start): a command line gets only the one it
   * runs, and all of them for the usage, {@code help} and a name that is none of them.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("demo", DemoCommand.class);
    commands.put("simulate", SimulateCommand.class);
    commands.put("rules", RulesCommand.class);
    commands.put("lsp", LspCommand.class);
    commands.put("bench", BenchCommand.class);
    commands.put("apply", StoreCommands.Apply.class);
    commands.put("delete", StoreCommands.Delete.class);
    commands.put("get", StoreCommands.Get.class);
    commands.put("history", StoreCommands.History.class);
    commands.put("settings", SettingsCommand.class);
    commands.put("serve", ServeCommand.class);
    commands.put("keys", KeysCommand.class);
    commands.put("schedule", ScheduleCommand.class);
    commands.put("network", NetworkCommand.class);
    commands.put("publish", ClientCommands.Publish.class);
    commands.put("events", ClientCommands.Events.class);
    commands.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

  /** The command line for {@code args}: see {@link #SUBCOMMANDS}. */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new PiccoloCli());
    Class<?> only = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
    if (only != null && only != CommandLine.HelpCommand.class) {
      cli.addSubcommand(args[0], only);
    } else {
      SUBCOMMANDS.forEach(cli::addSubcommand);
    }
    return cli;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** No command given: the usage, and the exit code of a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return UserError.BAD_INPUT;
  }

  /**
   * gRPC's Netty transport logs at INFO whether epoll is available, on every command that talks to
   * etcd; warnings and errors still come through. Held here because java.util.logging keeps loggers
   * only weakly, and a collected logger forgets its level.
   */
  private static final Logger TCP_METRICS = Logger.getLogger("io.grpc.netty.TcpMetrics");

  public static void main(String[] args) {
    TCP_METRICS.setLevel(Level.WARNING);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(execute(out, err, args));
  }

  /** Runs a command line and returns its exit code; user errors never end in a stack trace. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UserError u) {
            commandLine.getErr().println("piccolo: " + u.getMessage());
            return u.exitCode();
          }
          if (e instanceof RuleFailure f) {
            commandLine.getErr().println("piccolo: " + f.getMessage());
            return 1;
          }
          commandLine.getErr().println("piccolo: unexpected error: " + e);
          if (System.getenv("PICCOLO_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          } else {
            commandLine.getErr().println("(set PICCOLO_DEBUG=1 to see the stack trace)");
          }
          return 1;
        });
    try {
      return cli.execute(args);
    } catch (Error e) {
      // picocli hands on only exceptions: the heap or stack running out, or a broken installation
      int code = JvmLimits.report(e, err);
      if (System.getenv("PICCOLO_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return code;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
