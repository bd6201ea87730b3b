package io.piccolo.gateway.cli;

import io.piccolo.simulator.replay.Replay;
import java.io.PrintWriter;

/** Progress of a long replay on stderr, only when a person is watching a terminal. */
final class ProgressBar {
  private ProgressBar() {}

  /** The launcher tells (it can test stderr); without it, a console means a terminal. */
  private static boolean stderrIsTerminal() {
    String told = System.getProperty("piccolo.stderr.tty");
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  static Replay.Progress onTerminal(PrintWriter err) {
    if (!stderrIsTerminal()) {
      return Replay.Progress.NONE;
    }
    long start = System.nanoTime();
    return (done, total) -> {
      if (System.nanoTime() - start < 500_000_000L) {
        return; // short runs finish before anyone needs a progress line
      }
      err.printf("\r%3d%% (%d of %d samples)", done * 100L / total, done, total);
      err.flush();
    };
  }

  /** Clears the progress line, if one was drawn. */
  static void finish(PrintWriter err) {
    if (stderrIsTerminal()) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
