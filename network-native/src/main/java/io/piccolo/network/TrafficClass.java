package io.piccolo.network;

/**
 * One class of a network's HTB hierarchy.
 *
 * @param priority HTB's: 0 is served first when classes borrow the link's spare rate
 * @param rate guaranteed, bit/s
 * @param ceil the most it may take when the link has spare rate, bit/s
 */
record TrafficClass(String name, int priority, long rate, long ceil) {
  /** Where traffic of a workload without a class, or of an unknown source, goes. */
  static final String DEFAULT = "default";
}
