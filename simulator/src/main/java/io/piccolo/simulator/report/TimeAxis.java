package io.piccolo.simulator.report;

import java.math.BigDecimal;

/**
 * The timeline's one time axis: where a time is drawn, and which pixel column it falls in. The plot
 * width doubles as the downsampling resolution: one pixel column is one bucket of samples.
 */
final class TimeAxis {
  static final int LEFT = 90;
  static final int PLOT_WIDTH = 1000;

  private final long start;
  private final long span;

  TimeAxis(long start, long end) {
    this.start = start;
    // everything at one instant still gets a readable one-second axis; a margin of 2% after the
    // last instant, so a sample or decision there is drawn inside the plot, not on its border
    long covered = Math.max(end - start, 1000);
    this.span = covered + Math.max(1, covered / 50);
  }

  double x(long millis) {
    return LEFT + (millis - start) * (double) PLOT_WIDTH / span;
  }

  int column(long millis) {
    return (int) Math.min(PLOT_WIDTH - 1, (millis - start) * PLOT_WIDTH / span);
  }

  long columnStart(int column) {
    return start + column * span / PLOT_WIDTH;
  }

  /** About ten round-numbered steps over the span: 1, 2 or 5 times a power of ten, in ms. */
  long tickStep() {
    double raw = span / 10.0;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double nice = raw / magnitude < 2 ? 1 : raw / magnitude < 5 ? 2 : 5;
    return Math.max(1, Math.round(nice * magnitude));
  }

  /** The first tick at or after the start. */
  long firstTick(long step) {
    return Math.floorDiv(start + step - 1, step) * step;
  }

  long end() {
    return start + span;
  }

  /** A tick's label in seconds, with as many decimals as the step needs. */
  static String seconds(long millis, long step) {
    int decimals = step % 1000 == 0 ? 0 : step % 100 == 0 ? 1 : step % 10 == 0 ? 2 : 3;
    return BigDecimal.valueOf(millis, 3).setScale(decimals).toPlainString();
  }
}
