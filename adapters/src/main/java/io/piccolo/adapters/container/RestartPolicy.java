package io.piccolo.adapters.container;

/**
 * A Model's {@code restartPolicy}, carried out by PICCOLO itself from the runtime's events (the
 * runtime's own restart policy stays "no"), so every restart is a state change rules can see.
 */
public enum RestartPolicy {
  ALWAYS("Always"),
  ON_FAILURE("OnFailure"),
  NEVER("Never");

  private final String spelling;

  RestartPolicy(String spelling) {
    this.spelling = spelling;
  }

  /** As a Model spells it. */
  public String spelling() {
    return spelling;
  }

  /** Whether a container that ended with {@code exitCode} is started again. */
  public boolean restartsAfter(int exitCode) {
    return this == ALWAYS || (this == ON_FAILURE && exitCode != 0);
  }

  /** The policy a Model (or a label) spells, or null for anything else. */
  public static RestartPolicy parse(String spelling) {
    for (RestartPolicy policy : values()) {
      if (policy.spelling.equals(spelling)) {
        return policy;
      }
    }
    return null;
  }
}
