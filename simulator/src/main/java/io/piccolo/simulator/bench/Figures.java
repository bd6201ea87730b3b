package io.piccolo.simulator.bench;

/** One evaluator's result on the workload. */
record Figures(
    String name, double signalsPerSecond, double p50Micros, double p99Micros, long transitions) {
  String json() {
    return String.format(
        java.util.Locale.ROOT,
        "{\"signals_per_s\": %.0f, \"p50_us\": %.3f, \"p99_us\": %.3f, \"transitions\": %d}",
        signalsPerSecond,
        p50Micros,
        p99Micros,
        transitions);
  }
}
