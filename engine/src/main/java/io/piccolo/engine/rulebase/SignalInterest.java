package io.piccolo.engine.rulebase;

import java.util.Set;

/**
 * Which signal paths some DRL rule matches, worked out from the rule base so the engine only feeds
 * the session what a rule can see.
 */
public record SignalInterest(boolean everyPath, Set<String> paths) {
  public static final SignalInterest NONE = new SignalInterest(false, Set.of());

  public SignalInterest {
    paths = Set.copyOf(paths);
  }

  public boolean wants(String path) {
    return everyPath || paths.contains(path);
  }

  public boolean isNone() {
    return !everyPath && paths.isEmpty();
  }

  @Override
  public String toString() {
    return everyPath ? "every path" : paths.isEmpty() ? "no path" : String.join(", ", paths);
  }
}
