package io.piccolo.adapters.bluechi.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** {@code org.eclipse.bluechi.Monitor}, created by the Controller's {@code CreateMonitor}. */
@DBusInterfaceName("org.eclipse.bluechi.Monitor")
public interface BlueChiMonitor extends DBusInterface {
  /** {@code Subscribe(s node, s unit) -> u id}; either may be {@code *}. */
  @DBusMemberName("Subscribe")
  UInt32 subscribe(String node, String unit);

  /** {@code Unsubscribe(u id)}. */
  @DBusMemberName("Unsubscribe")
  void unsubscribe(UInt32 id);

  /** {@code Close()}. */
  @DBusMemberName("Close")
  void close();

  /**
   * {@code UnitStateChanged(s node, s unit, s active_state, s sub_state, s reason)}; reason is
   * {@code real}, or {@code virtual} for the state BlueChi reports when a subscription starts.
   */
  final class UnitStateChanged extends DBusSignal {
    private final String node;
    private final String unit;
    private final String activeState;
    private final String subState;
    private final String reason;

    public UnitStateChanged(
        String path, String node, String unit, String activeState, String subState, String reason)
        throws DBusException {
      super(path, node, unit, activeState, subState, reason);
      this.node = node;
      this.unit = unit;
      this.activeState = activeState;
      this.subState = subState;
      this.reason = reason;
    }

    public String node() {
      return node;
    }

    public String unit() {
      return unit;
    }

    public String activeState() {
      return activeState;
    }

    public String subState() {
      return subState;
    }

    public String reason() {
      return reason;
    }
  }
}
