package io.piccolo.gateway.serve;

import java.util.Locale;

/**
 * What an event of the hub tells: a decided action, a scenario state change, a rule reload, or what
 * the TIMPANI executor did about a workload's deadline misses.
 */
public enum EventKind {
  DECISION,
  STATE,
  RELOAD,
  TIMPANI;

  /** The lower-case name used in SSE {@code event:} lines, filters and notifications. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static EventKind named(String label) {
    for (EventKind k : values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    return null;
  }
}
