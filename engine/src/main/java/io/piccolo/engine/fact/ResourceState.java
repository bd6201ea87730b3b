package io.piccolo.engine.fact;

import io.piccolo.engine.state.ResourceKind;
import java.util.Objects;

/**
 * The recorded state of a scenario, package or model, as a fact policies can match, e.g. {@code
 * PackageState(name == "rear-camera", state == "degraded")}.
 */
public abstract class ResourceState {
  private final String name;
  private final String state;

  ResourceState(String name, String state) {
    this.name = name;
    this.state = state;
  }

  public String getName() {
    return name;
  }

  /** In lower case: {@code waiting}, {@code running}, {@code dead}... */
  public String getState() {
    return state;
  }

  public abstract ResourceKind kind();

  /** The fact for a kind's state. */
  public static ResourceState of(ResourceKind kind, String name, String state) {
    return switch (kind) {
      case SCENARIO -> new ScenarioState(name, state);
      case PACKAGE -> new PackageState(name, state);
      case MODEL -> new ModelState(name, state);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceState r
        && r.getClass() == getClass()
        && r.name.equals(name)
        && r.state.equals(state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), name, state);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "=" + state + "]";
  }
}
