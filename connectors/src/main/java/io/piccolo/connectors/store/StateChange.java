package io.piccolo.connectors.store;

import io.piccolo.engine.state.ResourceKind;

/**
 * A requested state change: {@code from → to} for one resource.
 *
 * @param from the state expected to be stored; null when nothing is recorded yet
 */
public record StateChange(ResourceKind kind, String name, String from, String to) {
  /** The key the state is stored under, e.g. {@code /scenario/x/state}. */
  public String key() {
    return kind.stateKey(name);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + ": " + from + " → " + to;
  }
}
