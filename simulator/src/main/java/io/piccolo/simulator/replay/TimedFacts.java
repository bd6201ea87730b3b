package io.piccolo.simulator.replay;

import io.piccolo.engine.Evaluator;

/**
 * Facts a replay puts into the session besides the trace's samples, each at its own time (a spec's
 * {@code given}). Facts due at an instant go in after the timers due by then and before the
 * instant's samples, and that instant's round sees both; facts due between two samples get a round
 * of their own.
 */
public interface TimedFacts {
  TimedFacts NONE =
      new TimedFacts() {
        @Override
        public long nextDue() {
          return Long.MAX_VALUE;
        }

        @Override
        public void applyDue(Evaluator evaluator, long time) {}
      };

  /** When the next facts are due on the replay's clock, or Long.MAX_VALUE when none are left. */
  long nextDue();

  /** Puts every fact due by {@code time} into the evaluator, whose clock is at {@code time}. */
  void applyDue(Evaluator evaluator, long time);
}
