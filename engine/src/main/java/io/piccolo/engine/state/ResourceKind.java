package io.piccolo.engine.state;

import java.util.Locale;

/** What a state belongs to, with the key and value spelling Pullpiri's state manager uses. */
public enum ResourceKind {
  SCENARIO("scenario", "SCENARIO_STATE_"),
  PACKAGE("package", "PACKAGE_STATE_"),
  MODEL("model", null);

  private final String keyWord;
  private final String valuePrefix;

  ResourceKind(String keyWord, String valuePrefix) {
    this.keyWord = keyWord;
    this.valuePrefix = valuePrefix;
  }

  /** {@code /scenario/{name}/state}. */
  public String stateKey(String name) {
    return stateKeyPrefix() + name + "/state";
  }

  /** What every state key of the kind starts with: {@code /scenario/}. */
  public String stateKeyPrefix() {
    return "/" + keyWord + "/";
  }

  /** The resource named by a state key of this kind, or null for another key. */
  public String nameOf(String stateKey) {
    String suffix = "/state";
    if (!stateKey.startsWith(stateKeyPrefix()) || !stateKey.endsWith(suffix)) {
      return null;
    }
    return stateKey.substring(stateKeyPrefix().length(), stateKey.length() - suffix.length());
  }

  /**
   * The stored spelling: {@code SCENARIO_STATE_WAITING}, {@code PACKAGE_STATE_RUNNING}, and for
   * models a capitalised word such as {@code Running}.
   */
  public String storedValue(String state) {
    if (valuePrefix != null) {
      return valuePrefix + state.toUpperCase(Locale.ROOT);
    }
    return state.substring(0, 1).toUpperCase(Locale.ROOT) + state.substring(1);
  }

  /** The state a stored value means, in lower case; any of Pullpiri's spellings. */
  public String stateOf(String stored) {
    String s = stored.trim();
    if (valuePrefix != null && s.toUpperCase(Locale.ROOT).startsWith(valuePrefix)) {
      s = s.substring(valuePrefix.length());
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
