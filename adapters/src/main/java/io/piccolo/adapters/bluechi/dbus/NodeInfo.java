package io.piccolo.adapters.bluechi.dbus;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** One entry of {@code ListNodes}: {@code (s name, o path, s status, s peer IP)}. */
public final class NodeInfo extends Struct {
  @Position(0)
  private final String name;

  @Position(1)
  private final DBusPath path;

  @Position(2)
  private final String status;

  @Position(3)
  private final String peerIp;

  public NodeInfo(String name, DBusPath path, String status, String peerIp) {
    this.name = name;
    this.path = path;
    this.status = status;
    this.peerIp = peerIp;
  }

  public String getName() {
    return name;
  }

  public DBusPath getPath() {
    return path;
  }

  /** {@code online} or {@code offline}. */
  public String getStatus() {
    return status;
  }

  public String getPeerIp() {
    return peerIp;
  }
}
