package io.piccolo.engine.fact;

import io.piccolo.engine.state.ResourceKind;

/** A scenario's recorded state. */
public final class ScenarioState extends ResourceState {
  public ScenarioState(String name, String state) {
    super(name, state);
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.SCENARIO;
  }
}
