package io.piccolo.gateway.security;

/**
 * The audit trail: who changed an artifact, a rule or a key, and every decided action, with when
 * and the outcome. Recording never blocks the caller for long and never fails it: a record that
 * cannot be written is logged and counted.
 */
public interface Audit {
  /**
   * @param who the API key's name, {@code local} without keys, or what decided (for decisions)
   * @param action what was done, e.g. {@code artifact.apply}, {@code key.add}, {@code rule.change},
   *     {@code action.decided}
   * @param what what it was done to, e.g. {@code Scenario/helloworld}
   * @param result how it ended, e.g. {@code ok}, {@code refused: ...}, {@code allowed}
   */
  void record(String who, String action, String what, String result);

  /** The caller's name as the audit trail writes it. */
  default void record(Caller who, String action, String what, String result) {
    record(who.name(), action, what, result);
  }

  /** An audit trail that keeps nothing. */
  Audit NONE = (who, action, what, result) -> {};
}
