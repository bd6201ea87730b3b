package io.piccolo.engine.fact;

import java.util.List;

/** A stored Model: its containers' images, and how it runs. */
public final class ModelSpec {
  private final String name;
  private final List<String> images;
  private final boolean hostNetwork;
  private final String restartPolicy;

  public ModelSpec(String name, List<String> images, boolean hostNetwork, String restartPolicy) {
    this.name = name;
    this.images = List.copyOf(images);
    this.hostNetwork = hostNetwork;
    this.restartPolicy = restartPolicy;
  }

  public String getName() {
    return name;
  }

  public List<String> getImages() {
    return images;
  }

  public boolean isHostNetwork() {
    return hostNetwork;
  }

  /** Always, OnFailure or Never; null when not given. */
  public String getRestartPolicy() {
    return restartPolicy;
  }

  @Override
  public String toString() {
    return "ModelSpec[" + name + " images=" + images + "]";
  }
}
