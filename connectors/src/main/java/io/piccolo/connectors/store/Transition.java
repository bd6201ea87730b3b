package io.piccolo.connectors.store;

/**
 * What became of a requested state change.
 *
 * @param current the state stored afterwards (null when none is)
 * @param reason why it was not applied; null when it was
 */
public record Transition(Outcome outcome, String current, String reason) {
  public enum Outcome {
    /** Stored. */
    APPLIED,
    /** Another writer changed the state first; nothing was written. */
    CONFLICT,
    /** The state machine does not allow it; nothing was written. */
    REJECTED
  }

  public boolean applied() {
    return outcome == Outcome.APPLIED;
  }
}
