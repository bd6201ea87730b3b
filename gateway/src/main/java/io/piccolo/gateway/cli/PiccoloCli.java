package io.piccolo.gateway.cli;

import io.piccolo.engine.RuleFailure;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
    description = "Rules-driven orchestration for software-defined vehicles.",
    subcommands = {
      DemoCommand.class,
      SimulateCommand.class,
      RulesCommand.class,
      LspCommand.class,
      BenchCommand.class,
      StoreCommands.Apply.class,
      StoreCommands.Delete.class,
      StoreCommands.Get.class,
      StoreCommands.History.class,
      SettingsCommand.class,
      ServeCommand.class,
      KeysCommand.class,
      ScheduleCommand.class,
      NetworkCommand.class,
      ClientCommands.Publish.class,
      ClientCommands.Events.class,
      CommandLine.HelpCommand.class
    })
public final class PiccoloCli implements Callable<Integer> {
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
    CommandLine cli = new CommandLine(new PiccoloCli());
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
