package io.piccolo.engine.fact;

import io.piccolo.engine.state.ResourceKind;

/** A model's recorded state. */
public final class ModelState extends ResourceState {
  public ModelState(String name, String state) {
    super(name, state);
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.MODEL;
  }
}
