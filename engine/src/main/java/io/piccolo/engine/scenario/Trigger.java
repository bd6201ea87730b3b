package io.piccolo.engine.scenario;

/** When a true condition fires its scenario. */
public enum Trigger {
  /** Once each time the condition becomes true; re-arms when it turns false. */
  EDGE,
  /** At every instant the condition is true and one of its signals got a sample. */
  LEVEL
}
