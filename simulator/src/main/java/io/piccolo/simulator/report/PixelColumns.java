package io.piccolo.simulator.report;

import io.piccolo.simulator.report.ReportData.SignalSeries;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Downsampling at the plot's resolution: of a signal's kept samples, only what one pixel column can
 * show. {@link SignalBuckets} bounds the samples a run keeps; this bounds what is drawn of them.
 */
final class PixelColumns {
  static final int NONE = -1;
  static final int MIXED = -2;

  private PixelColumns() {}

  /**
   * Per pixel column the first, lowest, highest and last sample, in time order: drawn at this width
   * they give the same picture as all samples, with at most four points per column.
   */
  static int[] keptSamples(SignalSeries s, TimeAxis axis) {
    long[] times = s.timesMillis();
    double[] numbers = s.numbers();
    IntStream.Builder kept = IntStream.builder();
    int first = 0;
    while (first < times.length) {
      int column = axis.column(times[first]);
      int lowest = NONE;
      int highest = NONE;
      int next = first;
      for (; next < times.length && axis.column(times[next]) == column; next++) {
        double v = numbers[next];
        if (Double.isFinite(v)) {
          lowest = lowest == NONE || v < numbers[lowest] ? next : lowest;
          highest = highest == NONE || v > numbers[highest] ? next : highest;
        }
      }
      IntStream.of(first, lowest, highest, next - 1)
          .filter(i -> i != NONE)
          .sorted()
          .distinct()
          .forEach(kept::add);
      first = next;
    }
    return kept.build().toArray();
  }

  /**
   * Per pixel column the index in {@code values} of the text shown there, {@link #MIXED} when the
   * column has several, {@link #NONE} before the first sample; {@code values} gets each distinct
   * text once, in first-seen order.
   */
  static int[] columnValues(SignalSeries s, TimeAxis axis, List<String> values) {
    Map<String, Integer> codes = new HashMap<>();
    int[] shown = new int[TimeAxis.PLOT_WIDTH];
    int[] last = new int[TimeAxis.PLOT_WIDTH];
    Arrays.fill(shown, NONE);
    for (int i = 0; i < s.texts().length; i++) {
      String text = s.texts()[i] == null || s.texts()[i].isEmpty() ? "(empty)" : s.texts()[i];
      int code =
          codes.computeIfAbsent(
              text,
              t -> {
                values.add(t);
                return values.size() - 1;
              });
      int column = axis.column(s.timesMillis()[i]);
      shown[column] = shown[column] == NONE || shown[column] == code ? code : MIXED;
      last[column] = code;
    }
    int held = NONE;
    for (int column = 0; column < TimeAxis.PLOT_WIDTH; column++) {
      if (shown[column] == NONE) {
        shown[column] = held;
      } else {
        held = last[column];
      }
    }
    return shown;
  }
}
