package io.piccolo.simulator.remote;

import java.util.Locale;

/**
 * Figures for one replay into a running serve.
 *
 * @param dropped decision events the server dropped meanwhile because a subscriber (this one, when
 *     it reads too slowly) did not keep up
 * @param latencyMillis sample sent to decision event received, per decision, sorted
 */
public record RemoteResult(
    long samples,
    long decisions,
    long dropped,
    long retries,
    double[] latencyMillis,
    long wallNanos,
    double sentLateMillis) {

  /** The {@code q} quantile of the latencies (0..1), NaN without decisions. */
  public double latency(double q) {
    if (latencyMillis.length == 0) {
      return Double.NaN;
    }
    int at = (int) Math.ceil(q * latencyMillis.length) - 1;
    return latencyMillis[Math.max(0, Math.min(latencyMillis.length - 1, at))];
  }

  /** One line of figures, for the end of the run. */
  public String summary() {
    double seconds = wallNanos / 1e9;
    String latency =
        decisions == 0
            ? "no decisions, so no latency"
            : String.format(
                Locale.ROOT,
                "latency sample sent -> decision received p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                latency(0.50),
                latency(0.99),
                latency(1.0));
    return String.format(
        Locale.ROOT,
        "%d samples sent, %d decisions received in %.0f ms (%.0f samples/s, %.0f decisions/s);"
            + " %s; batches sent at most %.1f ms after their due time; %d batch(es) sent again"
            + " after a full queue%s",
        samples,
        decisions,
        wallNanos / 1e6,
        seconds > 0 ? samples / seconds : 0,
        seconds > 0 ? decisions / seconds : 0,
        latency,
        sentLateMillis,
        retries,
        dropped == 0
            ? ""
            : "; the server dropped "
                + dropped
                + " decision event(s) meanwhile for subscribers that did not keep up (this one"
                + " among them when it reads too slowly at this speed)");
  }
}
