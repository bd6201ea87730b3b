package io.piccolo.gateway.cli;

import io.piccolo.engine.RoundWatchdog;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The round watchdog of a command that runs rules. A consequence stuck in a loop cannot be stopped
 * safely inside the JVM, so after reporting where it is stuck the command flushes its output and
 * ends the process with exit code 1 instead of hanging.
 */
final class RoundTimeout {
  @Option(
      names = "--round-timeout",
      paramLabel = "SECONDS",
      description =
          "longest one evaluation round may run before the rule stuck in it is reported and the"
              + " run ends with exit code 1 (default: ${DEFAULT-VALUE})",
      defaultValue = "10")
  BigDecimal seconds;

  /** The timeout, checked: bad input is reported before anything runs. */
  Duration timeout() {
    if (seconds.signum() <= 0) {
      throw new UserError(
          UserError.BAD_INPUT, "--round-timeout: must be more than 0 seconds, got " + seconds);
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }

  RoundWatchdog start(PrintWriter out, PrintWriter err) {
    return new RoundWatchdog(
        timeout(),
        stuck -> {
          out.flush();
          err.println("error: " + stuck.describe());
          err.println(
              "the run was ended; no rule may take longer than " + seconds + " s per round");
          err.flush();
          System.exit(1);
        });
  }
}
