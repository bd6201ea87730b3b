package io.piccolo.engine.fact;

public enum Decision {
  PENDING,
  ALLOWED,
  DENIED;

  private final String label = name().toLowerCase(java.util.Locale.ROOT);

  /** The lower-case spelling used in JSON output and specs. */
  public String label() {
    return label;
  }
}
