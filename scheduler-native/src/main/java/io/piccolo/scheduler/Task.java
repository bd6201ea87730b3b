package io.piccolo.scheduler;

import java.util.Map;

/**
 * One task of a Schedule; times in microseconds, as Pullpiri writes them.
 *
 * @param priority 1–99 for FIFO and RR; ignored otherwise
 * @param nice −20…19 for NORMAL (0 when not given)
 * @param cpuAffinity a bit per CPU (bit 0 is CPU 0); 0 means every CPU
 * @param maxDmiss misses of this task after which its Package's Policy strategy acts; 0: never
 * @param lines the line of each field in the file, for messages; empty when not read from a file
 */
public record Task(
    String name,
    SchedulingPolicy policy,
    int priority,
    int nice,
    long cpuAffinity,
    long periodUs,
    long releaseTimeUs,
    long runtimeUs,
    long deadlineUs,
    String nodeId,
    int maxDmiss,
    String temporalClass,
    Map<String, Integer> lines) {

  public Task {
    lines = Map.copyOf(lines);
  }

  /** The line of a field, or of the task itself, or 0 when unknown. */
  public int line(String field) {
    return lines.getOrDefault(field, lines.getOrDefault("", 0));
  }

  /** runtime / period. */
  public double utilisation() {
    return (double) runtimeUs / periodUs;
  }
}
