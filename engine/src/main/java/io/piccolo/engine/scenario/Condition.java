package io.piccolo.engine.scenario;

import java.util.List;

/** A scenario's condition: a comparison of one signal, or all/any/none of further conditions. */
public sealed interface Condition {

  /**
   * {@code signal op value}, true once it has held for {@code forMillis} on the session clock (0:
   * at once).
   */
  record Comparison(String path, Op op, Object value, long forMillis, Origin origin)
      implements Condition {}

  record All(List<Condition> items) implements Condition {}

  record Any(List<Condition> items) implements Condition {}

  /** True when none of the items is. */
  record None(List<Condition> items) implements Condition {}
}
