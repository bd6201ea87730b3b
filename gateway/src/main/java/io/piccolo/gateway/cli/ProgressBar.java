package io.piccolo.gateway.cli;

import io.piccolo.simulator.replay.ReplayObserver;
import java.io.PrintWriter;

/** Progress of a long replay on stderr, only when a person is watching a terminal. */
final class ProgressBar {
  private ProgressBar() {}

  /** The launcher tells (it can test stderr); without it, a console means a terminal. */
  private static boolean stderrIsTerminal() {
    String told = System.getProperty("piccolo.stderr.tty");
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  static ReplayObserver onTerminal(PrintWriter err) {
    if (!stderrIsTerminal()) {
      return ReplayObserver.NONE;
    }
    long start = System.nanoTime();
    return new ReplayObserver() {
      @Override
      public void progress(long samples, double fraction) {
        if (System.nanoTime() - start < 500_000_000L) {
          return; // short runs finish before anyone needs a progress line
        }
        if (Double.isNaN(fraction)) {
          err.printf("\r%d samples", samples);
        } else {
          err.printf("\r%3d%% of the trace read (%d samples)", (int) (fraction * 100), samples);
        }
        err.flush();
      }
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
