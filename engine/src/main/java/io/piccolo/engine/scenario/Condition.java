package io.piccolo.engine.scenario;

import java.util.List;

/**
 * A scenario's condition: a comparison of one signal, a test of another kind, or all/any/none of
 * further conditions.
 */
public sealed interface Condition {

  /**
   * {@code signal op value}, true once it has held for {@code forMillis} on the session clock (0:
   * at once).
   */
  record Comparison(String path, Op op, Object value, long forMillis, Origin origin)
      implements Condition {}

  /**
   * A leaf of one of the kinds in {@link TestKind}, true once it has held for {@code forMillis}.
   *
   * @param origin where the signal was named
   * @param kindOrigin where the kind's own value was written (the second signal of {@link
   *     TestKind.Versus})
   */
  record Test(String path, TestKind kind, long forMillis, Origin origin, Origin kindOrigin)
      implements Condition {}

  record All(List<Condition> items) implements Condition {}

  record Any(List<Condition> items) implements Condition {}

  /** True when none of the items is. */
  record None(List<Condition> items) implements Condition {}

  /**
   * A group that is true once {@code item} has been true continuously for {@code forMillis} on the
   * session clock; {@code item} is an all/any/not group or a count.
   */
  record Held(Condition item, long forMillis, Origin origin) implements Condition {}

  /**
   * True while {@code item} became true (a rising edge) at least {@code times} times within the
   * last {@code withinMillis}: an edge counts from its instant until exactly {@code withinMillis}
   * later, when it has left the window.
   */
  record Count(Condition item, int times, long withinMillis, Origin origin) implements Condition {}
}
