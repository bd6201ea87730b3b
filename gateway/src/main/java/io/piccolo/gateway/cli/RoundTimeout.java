package io.piccolo.gateway.cli;

import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.gateway.settings.Settings;
import java.io.PrintWriter;
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
      paramLabel = "DURATION",
      description =
          "longest one evaluation round may run before the rule stuck in it is reported and the"
              + " run ends with exit code 1 (setting evaluation.round-timeout, default 10s)")
  String timeout;

  /** The settings with this option on top: a bad value is reported before anything runs. */
  void applyTo(SettingsOption config) {
    config.override(Settings.ROUND_TIMEOUT, timeout, "--round-timeout");
  }

  /**
   * @param flush writes out what the run produced so far, before the process ends
   */
  static RoundWatchdog start(Settings settings, Runnable flush, PrintWriter err) {
    Duration limit = settings.get(Settings.ROUND_TIMEOUT);
    return new RoundWatchdog(
        limit,
        stuck -> {
          flush.run();
          err.println("error: " + stuck.describe());
          err.println(
              "the run was ended; no rule may take longer than "
                  + Durations.format(limit.toMillis())
                  + " per round (setting "
                  + Settings.ROUND_TIMEOUT.name()
                  + ")");
          err.flush();
          System.exit(1);
        });
  }
}
