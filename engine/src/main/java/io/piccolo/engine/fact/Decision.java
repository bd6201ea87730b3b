package io.piccolo.engine.fact;

public enum Decision {
  PENDING,
  ALLOWED,
  DENIED;

  /** The lower-case spelling used in JSON output and specs. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
