package io.piccolo.simulator.replay;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Firing;
import java.util.List;

/** What a replay tells as it runs; every method is optional. */
public interface ReplayObserver {
  ReplayObserver NONE = new ReplayObserver() {};

  /** A sample about to be applied. */
  default void sample(long timeMillis, String path, Object value) {}

  /**
   * Decisions in output order, one time at a time: once told, nothing earlier follows. What this
   * throws ends the replay.
   */
  default void decided(List<DecidedAction> atOneTime) throws Exception {}

  /**
   * Who is told every firing (a scenario's with its comparisons' truth, a DRL rule's with the facts
   * its match bound), or null (the default): asked once, when the replay starts; firings of an
   * instant come before its decisions.
   */
  default FiringListener firings() {
    return null;
  }

  /** How far a long replay has got: samples applied, and the share of the input read (or NaN). */
  default void progress(long samples, double fraction) {}

  /** Several observers, told in order. */
  static ReplayObserver all(ReplayObserver... given) {
    ReplayObserver[] observers =
        java.util.Arrays.stream(given).filter(o -> o != NONE).toArray(ReplayObserver[]::new);
    if (observers.length == 1) {
      return observers[0];
    }
    FiringListener[] listeners =
        java.util.Arrays.stream(observers)
            .map(ReplayObserver::firings)
            .filter(java.util.Objects::nonNull)
            .toArray(FiringListener[]::new);
    return new ReplayObserver() {
      @Override
      public FiringListener firings() {
        if (listeners.length == 0) {
          return null;
        }
        return listeners.length == 1 ? listeners[0] : new EveryListener(listeners);
      }

      @Override
      public void sample(long timeMillis, String path, Object value) {
        for (ReplayObserver o : observers) {
          o.sample(timeMillis, path, value);
        }
      }

      @Override
      public void decided(List<DecidedAction> atOneTime) throws Exception {
        for (ReplayObserver o : observers) {
          o.decided(atOneTime);
        }
      }

      @Override
      public void progress(long samples, double fraction) {
        for (ReplayObserver o : observers) {
          o.progress(samples, fraction);
        }
      }
    };
  }

  /** Tells several listeners each firing, in order. */
  final class EveryListener implements FiringListener {
    private final FiringListener[] listeners;

    private EveryListener(FiringListener[] listeners) {
      this.listeners = listeners;
    }

    @Override
    public void fired(Firing firing) {
      for (FiringListener l : listeners) {
        l.fired(firing);
      }
    }

    @Override
    public void drlFired(DrlFiring firing) {
      for (FiringListener l : listeners) {
        l.drlFired(firing);
      }
    }
  }
}
