package io.piccolo.engine.fact;

import io.piccolo.engine.state.ResourceKind;

/** A package's recorded state. */
public final class PackageState extends ResourceState {
  public PackageState(String name, String state) {
    super(name, state);
  }

  @Override
  public ResourceKind kind() {
    return ResourceKind.PACKAGE;
  }
}
