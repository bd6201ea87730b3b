package io.piccolo.adapters.bluechi.dbus;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code org.eclipse.bluechi.Node}, one object per node ({@code /org/eclipse/bluechi/node/NAME}).
 * The unit methods queue a job and answer with its path; the job's end is the Controller's {@code
 * JobRemoved} signal. Errors from systemd on the node (an unknown unit) are forwarded as they are.
 */
@DBusInterfaceName("org.eclipse.bluechi.Node")
public interface BlueChiNode extends DBusInterface {
  /** {@code StartUnit(s name, s mode) -> o job}; mode {@code replace} or {@code fail}. */
  @DBusMemberName("StartUnit")
  DBusPath startUnit(String name, String mode);

  /** {@code StopUnit(s name, s mode) -> o job}. */
  @DBusMemberName("StopUnit")
  DBusPath stopUnit(String name, String mode);

  /** {@code RestartUnit(s name, s mode) -> o job}. */
  @DBusMemberName("RestartUnit")
  DBusPath restartUnit(String name, String mode);

  /**
   * {@code GetUnitProperty(s name, s interface, s property) -> v}, as systemd answers it: a unit
   * systemd has not loaded reads as {@code inactive}.
   */
  @DBusMemberName("GetUnitProperty")
  Variant<?> getUnitProperty(String name, String iface, String property);

  /** {@code Reload()}: systemd's daemon-reload on the node, which runs the Quadlet generator. */
  @DBusMemberName("Reload")
  void reload();
}
