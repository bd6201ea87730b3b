package io.piccolo.simulator.spec;

/** A spec file that cannot be run; the message names the file and line. */
public final class SpecException extends Exception {
  public SpecException(String message) {
    super(message);
  }
}
