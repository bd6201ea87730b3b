package io.piccolo.engine.fact;

import java.util.List;

/** A stored Package: its models and the node each runs on, and its Policy and Schedule names. */
public final class PackageSpec {
  private final String name;
  private final List<String> models;
  private final List<String> nodes;
  private final String policy;
  private final String schedule;

  public PackageSpec(
      String name, List<String> models, List<String> nodes, String policy, String schedule) {
    this.name = name;
    this.models = List.copyOf(models);
    this.nodes = List.copyOf(nodes);
    this.policy = policy;
    this.schedule = schedule;
  }

  public String getName() {
    return name;
  }

  public List<String> getModels() {
    return models;
  }

  /** The node of each model, in the same order. */
  public List<String> getNodes() {
    return nodes;
  }

  /** The Policy artifact's name, or null. */
  public String getPolicy() {
    return policy;
  }

  /** The Schedule artifact's name, or null. */
  public String getSchedule() {
    return schedule;
  }

  @Override
  public String toString() {
    return "PackageSpec[" + name + " models=" + models + "]";
  }
}
