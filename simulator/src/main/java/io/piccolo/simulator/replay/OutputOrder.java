package io.piccolo.simulator.replay;

import io.piccolo.engine.DecidedAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts decisions in output order as rounds make them. Rounds come in time order, so only the
 * decisions of the latest time wait (timer rounds and the sample round of one instant may share a
 * time); the rest go out at once. The order is that of sorting the whole run, held in bounded
 * memory.
 */
final class OutputOrder {
  private final ReplayObserver observer;
  private final DecisionCounts counts;
  private final List<DecidedAction> waiting = new ArrayList<>();

  OutputOrder(ReplayObserver observer, DecisionCounts counts) {
    this.observer = observer;
    this.counts = counts;
  }

  void add(List<DecidedAction> rounds) throws Exception {
    for (DecidedAction d : rounds) {
      if (!waiting.isEmpty() && d.timeMillis() > waiting.get(0).timeMillis()) {
        flush();
      }
      waiting.add(d);
    }
  }

  void flush() throws Exception {
    if (waiting.isEmpty()) {
      return;
    }
    waiting.sort(DecidedAction.ORDER); // stable: equal keys keep the order they were made in
    List<DecidedAction> out = List.copyOf(waiting);
    waiting.clear();
    out.forEach(counts::count);
    observer.decided(out);
  }
}
