package io.piccolo.simulator.spec;

/** How a case's expected actions are compared with the actual ones. */
public enum Match {
  /** exactly these actions, in output order */
  EXACT,
  /** exactly these actions, in any order */
  UNORDERED,
  /** at least these actions, in any order; others may come too */
  CONTAINS;

  String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
