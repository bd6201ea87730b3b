package org.freedesktop.systemd1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * systemd's {@code org.freedesktop.systemd1.NoSuchUnit}, which BlueChi forwards when a node has no
 * such unit: dbus-java names an error after its exception class, so the stand-in BlueChi throws
 * this one to send that name.
 */
public class NoSuchUnit extends DBusExecutionException {
  public NoSuchUnit(String message) {
    super(message);
  }
}
