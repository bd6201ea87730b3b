package io.piccolo.engine.rulebase;

import io.piccolo.engine.fact.WindowValue;

/**
 * A sliding time window over one path's samples whose {@code average}, {@code sum} or {@code count}
 * the engine keeps as a {@link WindowValue} fact ({@link KeptWindows}).
 */
public record KeptWindow(String path, String function, long sizeMillis) {
  public String key() {
    return WindowValue.key(path, function, sizeMillis);
  }
}
