package io.piccolo.engine.fact;

import java.util.Objects;

/**
 * What one workload sent over its network in the last interval, as PHAROS measured it in the
 * kernel: {@code NetworkUsage(workload == "media", rate > 40000000)}. One fact per workload,
 * replaced each interval, so rules see the current rate, not a history; a rule that wants to act on
 * it requests the {@code qos} action.
 */
public final class NetworkUsage {
  private final String workload;
  private final String network;
  private final String trafficClass;
  private final long rate;
  private final long bytes;
  private final long drops;

  /**
   * @param workload the Model
   * @param trafficClass the class its traffic is in now (a declared one, or {@code workload} for a
   *     class of its own from a {@code qos} action)
   * @param rate bit/s over the last interval
   * @param bytes everything it sent since it joined
   * @param drops packets isolation dropped since it joined
   */
  public NetworkUsage(
      String workload, String network, String trafficClass, long rate, long bytes, long drops) {
    this.workload = Objects.requireNonNull(workload, "workload");
    this.network = Objects.requireNonNull(network, "network");
    this.trafficClass = Objects.requireNonNull(trafficClass, "trafficClass");
    this.rate = rate;
    this.bytes = bytes;
    this.drops = drops;
  }

  public String getWorkload() {
    return workload;
  }

  public String getNetwork() {
    return network;
  }

  /** {@code class} in rules: {@code NetworkUsage(trafficClass == "camera")}. */
  public String getTrafficClass() {
    return trafficClass;
  }

  /** bit/s over the last interval. */
  public long getRate() {
    return rate;
  }

  public long getBytes() {
    return bytes;
  }

  public long getDrops() {
    return drops;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkUsage u
        && workload.equals(u.workload)
        && network.equals(u.network)
        && trafficClass.equals(u.trafficClass)
        && rate == u.rate
        && bytes == u.bytes
        && drops == u.drops;
  }

  @Override
  public int hashCode() {
    return Objects.hash(workload, network, trafficClass, rate, bytes, drops);
  }

  @Override
  public String toString() {
    return "NetworkUsage["
        + workload
        + " on "
        + network
        + "/"
        + trafficClass
        + ": "
        + rate
        + " bit/s, "
        + drops
        + " drops]";
  }
}
