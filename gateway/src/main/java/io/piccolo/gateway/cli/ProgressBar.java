package io.piccolo.gateway.cli;

import io.piccolo.simulator.replay.Replay;
import java.io.PrintWriter;

/** Progress of a long replay on stderr, only when a person is watching a terminal. */
final class ProgressBar {
  private ProgressBar() {}

  static Replay.Progress onTerminal(PrintWriter err) {
    if (System.console() == null) {
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
    if (System.console() != null) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
