package io.piccolo.engine.fact;

import java.util.List;

/**
 * A stored Pullpiri Policy artifact (placement and offloading), which policy rules can read: for
 * example deny launching a package on a node its Policy does not list.
 */
public final class PolicySpec {
  private final String name;
  private final List<String> availableNodes;
  private final String procedureType;
  private final String strategy;
  private final double cpuThreshold;
  private final double memoryThreshold;

  public PolicySpec(
      String name,
      List<String> availableNodes,
      String procedureType,
      String strategy,
      double cpuThreshold,
      double memoryThreshold) {
    this.name = name;
    this.availableNodes = List.copyOf(availableNodes);
    this.procedureType = procedureType;
    this.strategy = strategy;
    this.cpuThreshold = cpuThreshold;
    this.memoryThreshold = memoryThreshold;
  }

  public String getName() {
    return name;
  }

  public List<String> getAvailableNodes() {
    return availableNodes;
  }

  /** e.g. offloading; null when not given. */
  public String getProcedureType() {
    return procedureType;
  }

  /** e.g. redeployment; null when not given. */
  public String getStrategy() {
    return strategy;
  }

  /** Percent; NaN when not given. */
  public double getCpuThreshold() {
    return cpuThreshold;
  }

  /** Percent; NaN when not given. */
  public double getMemoryThreshold() {
    return memoryThreshold;
  }

  @Override
  public String toString() {
    return "PolicySpec[" + name + " nodes=" + availableNodes + "]";
  }
}
