package io.piccolo.simulator.report;

/** The report's outcome badges, the same in the legend, the tables and the firings. */
final class Badges {
  static final String ALLOWED = "<span class=\"badge allowed\">● allowed</span>";
  static final String DENIED = "<span class=\"badge denied\">✕ denied</span>";
  static final String SUPPRESSED =
      "<span class=\"badge suppressed\">○ suppressed by cooldown</span>";

  private Badges() {}

  static String of(boolean allowed) {
    return allowed ? ALLOWED : DENIED;
  }
}
