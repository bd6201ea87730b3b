package io.piccolo.adapters.container;

/**
 * A container runtime refused a call for a reason another try would not change (an image it does
 * not have, a command it cannot run): the unit of work fails with the runtime's own words.
 */
public final class RuntimeRefusal extends Exception {
  public RuntimeRefusal(String message) {
    super(message);
  }
}
