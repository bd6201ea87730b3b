package io.piccolo.engine;

import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.fact.WindowValue;
import io.piccolo.engine.rulebase.KeptWindow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The sliding time windows the engine keeps instead of Drools ({@code KeptWindows}): per path and
 * size, the samples inside, and for each function the rules ask for a {@link WindowValue} fact in
 * the session, updated before each round in which samples entered or left. As Drools' {@code
 * window:time}: a sample whose time plus the size has passed never enters, one leaves once its time
 * plus the size is due, oldest first (a late sample in its time's place), and the results are the
 * accumulate functions' own arithmetic, applied in that order.
 */
final class WindowKeeper {
  private record Sample(long time, double number, Object value) {}

  /**
   * What {@code average}, {@code sum} or {@code count} accumulates over one window. The total is
   * Drools' own: each number added as it enters, subtracted as it leaves, in that order. A number
   * that is not finite (a text sample's NaN) is counted aside instead: while one is inside, the
   * result is what adding it gives (NaN, or an infinity), and once it has left the result is that
   * of the finite numbers again, where Drools' running total would stay NaN for good.
   */
  private static final class Result {
    final WindowValue fact;
    final FactHandle handle;
    final boolean average;
    final boolean sum;
    double total;
    int averaged;
    int nan;
    int positiveInfinite;
    int negativeInfinite;

    Result(WindowValue fact, FactHandle handle, String function) {
      this.fact = fact;
      this.handle = handle;
      this.average = function.equals("average");
      this.sum = function.equals("sum");
    }

    void enter(double number) {
      averaged++;
      if (Double.isFinite(number)) {
        total += number;
      } else {
        aside(number, 1);
      }
    }

    void leave(double number) {
      averaged--;
      if (Double.isFinite(number)) {
        total -= number;
      } else {
        aside(number, -1);
      }
    }

    private void aside(double number, int by) {
      if (Double.isNaN(number)) {
        nan += by;
      } else if (number > 0) {
        positiveInfinite += by;
      } else {
        negativeInfinite += by;
      }
    }

    private double sum() {
      if (nan > 0 || (positiveInfinite > 0 && negativeInfinite > 0)) {
        return Double.NaN;
      }
      if (positiveInfinite > 0) {
        return Double.POSITIVE_INFINITY;
      }
      return negativeInfinite > 0 ? Double.NEGATIVE_INFINITY : total;
    }

    void publish(KieSession session, long count) {
      Double number = average ? (averaged == 0 ? null : sum() / averaged) : sum ? sum() : null;
      fact.set(number, count);
      session.update(handle, fact);
    }
  }

  /** One path's samples within one size, oldest first. */
  private static final class Window {
    final long size;
    final List<Result> results = new ArrayList<>();
    final ArrayDeque<Sample> samples = new ArrayDeque<>();
    boolean changed;

    Window(long size) {
      this.size = size;
    }

    void enter(Sample s) {
      if (samples.isEmpty() || samples.peekLast().time() <= s.time()) {
        samples.addLast(s);
      } else {
        ArrayDeque<Sample> later = new ArrayDeque<>();
        while (!samples.isEmpty() && samples.peekLast().time() > s.time()) {
          later.push(samples.pollLast());
        }
        samples.addLast(s);
        samples.addAll(later);
      }
      for (Result r : results) {
        r.enter(s.number());
      }
      changed = true;
    }

    boolean expire(long now) {
      boolean left = false;
      while (!samples.isEmpty() && samples.peekFirst().time() + size <= now) {
        Sample s = samples.pollFirst();
        for (Result r : results) {
          r.leave(s.number());
        }
        left = true;
      }
      changed |= left;
      return left;
    }
  }

  private final KieSession session;
  private final Map<String, List<Window>> byPath = new HashMap<>();
  private final List<Window> windows = new ArrayList<>();

  WindowKeeper(List<KeptWindow> kept, KieSession session) {
    this.session = session;
    Map<String, Window> bySize = new LinkedHashMap<>();
    for (KeptWindow k : kept) {
      Window w =
          bySize.computeIfAbsent(
              k.path() + "\0" + k.sizeMillis(),
              key -> {
                Window made = new Window(k.sizeMillis());
                windows.add(made);
                byPath.computeIfAbsent(k.path(), p -> new ArrayList<>()).add(made);
                return made;
              });
      WindowValue fact = new WindowValue(k.path(), k.function(), k.sizeMillis());
      w.results.add(new Result(fact, session.insert(fact), k.function()));
    }
  }

  boolean keeps(String path) {
    return byPath.containsKey(path);
  }

  /** A sample at {@code time}, the session's clock at {@code now}. */
  void onSample(String path, double number, Object value, long time, long now) {
    List<Window> of = byPath.get(path);
    if (of == null) {
      return;
    }
    Sample s = new Sample(time, number, value);
    for (Window w : of) {
      if (time + w.size > now) {
        w.enter(s);
      }
    }
  }

  /** Lets go of the samples due to leave by {@code now}; whether any did. */
  boolean expire(long now) {
    boolean left = false;
    for (Window w : windows) {
      left |= w.expire(now);
    }
    return left;
  }

  /** The session sees the new results of the windows that changed since the last round. */
  void publish() {
    for (Window w : windows) {
      if (w.changed) {
        w.changed = false;
        for (Result r : w.results) {
          r.publish(session, w.samples.size());
        }
      }
    }
  }

  /** When the next sample leaves its window, or Long.MAX_VALUE. */
  long nextExpiry() {
    long next = Long.MAX_VALUE;
    for (Window w : windows) {
      if (!w.samples.isEmpty()) {
        next = Math.min(next, w.samples.peekFirst().time() + w.size);
      }
    }
    return next;
  }

  /** Each path's samples in its longest window, in window order: what a new rule base is given. */
  Map<String, List<SignalEvent>> samples() {
    Map<String, List<SignalEvent>> out = new LinkedHashMap<>();
    byPath.forEach(
        (path, of) -> {
          Window longest = of.get(0);
          for (Window w : of) {
            if (w.samples.size() > longest.samples.size()) {
              longest = w;
            }
          }
          List<SignalEvent> events = new ArrayList<>();
          longest.samples.forEach(s -> events.add(new SignalEvent(path, s.value(), s.time())));
          out.put(path, events);
        });
    return out;
  }
}
