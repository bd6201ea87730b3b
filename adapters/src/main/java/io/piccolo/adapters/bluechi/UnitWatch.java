package io.piccolo.adapters.bluechi;

import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.bluechi.dbus.BlueChiMonitor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.freedesktop.dbus.types.UInt32;

/**
 * The units this executor started, and what their state changes mean for their Models. A change
 * while PICCOLO's own job runs on the unit is that job's doing and is told by its result; any other
 * change to a settled state ({@code active}, {@code inactive}, {@code failed}) is the unit's own,
 * and becomes an {@link ObservedState} when it differs from the state last known.
 */
final class UnitWatch {
  /** One Model's unit on one node. */
  record UnitKey(String node, String unit) {}

  private static final class Watched {
    final String model;
    volatile String state;
    volatile boolean jobRunning;
    volatile UInt32 subscription;

    Watched(String model, String state) {
      this.model = model;
      this.state = state;
    }
  }

  private final Map<UnitKey, Watched> units = new ConcurrentHashMap<>();
  private final List<Consumer<ObservedState>> observers = new CopyOnWriteArrayList<>();

  void observe(Consumer<ObservedState> observer) {
    observers.add(observer);
  }

  /** A job of PICCOLO's own on the unit begins: its state changes are that job's. */
  void jobStarting(UnitKey key, String model) {
    Watched watched = units.computeIfAbsent(key, k -> new Watched(model, null));
    watched.jobRunning = true;
  }

  /** The job ended, leaving the unit's Model in {@code state} (null when unknown). */
  void jobEnded(UnitKey key, String state) {
    Watched watched = units.get(key);
    if (watched != null) {
      watched.state = state;
      watched.jobRunning = false;
    }
  }

  /** Stops watching the unit; returns its monitor subscription, if any, to cancel. */
  UInt32 forget(UnitKey key) {
    Watched watched = units.remove(key);
    return watched == null ? null : watched.subscription;
  }

  boolean watching(UnitKey key) {
    return units.containsKey(key);
  }

  UInt32 subscription(UnitKey key) {
    Watched watched = units.get(key);
    return watched == null ? null : watched.subscription;
  }

  void subscribed(UnitKey key, UInt32 id) {
    Watched watched = units.get(key);
    if (watched != null) {
      watched.subscription = id;
    }
  }

  /** Every watched unit, e.g. to subscribe again on a new connection. */
  List<UnitKey> keys() {
    return List.copyOf(units.keySet());
  }

  /** The subscriptions of a lost connection are gone with it. */
  void subscriptionsLost() {
    units.values().forEach(w -> w.subscription = null);
  }

  void changed(BlueChiMonitor.UnitStateChanged signal) {
    changed(new UnitKey(signal.node(), signal.unit()), signal.activeState(), signal.subState());
  }

  /** A state read or heard from BlueChi. */
  void changed(UnitKey key, String activeState, String subState) {
    Watched watched = units.get(key);
    String state = modelState(activeState);
    if (watched == null || watched.jobRunning || state == null || state.equals(watched.state)) {
      return;
    }
    watched.state = state;
    ObservedState observed =
        new ObservedState(
            watched.model,
            key.node(),
            state,
            "unit " + key.unit() + " is " + activeState + " (" + subState + ")");
    observers.forEach(o -> o.accept(observed));
  }

  /** A settled systemd active state as a Model state; null for the passing ones. */
  static String modelState(String activeState) {
    return switch (activeState) {
      case "active" -> "running";
      case "inactive" -> "exited";
      case "failed" -> "dead";
      default -> null;
    };
  }
}
