package io.piccolo.adapters.bluechi.dbus;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** {@code org.eclipse.bluechi.Controller} at {@code /org/eclipse/bluechi}. */
@DBusInterfaceName("org.eclipse.bluechi.Controller")
public interface BlueChiController extends DBusInterface {
  String BUS_NAME = "org.eclipse.bluechi";
  String OBJECT_PATH = "/org/eclipse/bluechi";

  /** {@code ListNodes() -> a(soss)}: every node, online or not. */
  @DBusMemberName("ListNodes")
  List<NodeInfo> listNodes();

  /** {@code GetNode(s name) -> o}; an unknown name is answered with {@code ServiceUnknown}. */
  @DBusMemberName("GetNode")
  DBusPath getNode(String name);

  /** {@code CreateMonitor() -> o}: closed by BlueChi when the connection closes. */
  @DBusMemberName("CreateMonitor")
  DBusPath createMonitor();

  /** {@code JobNew(u id, o job)}: a job was queued. */
  final class JobNew extends DBusSignal {
    private final UInt32 id;
    private final DBusPath job;

    public JobNew(String path, UInt32 id, DBusPath job) throws DBusException {
      super(path, id, job);
      this.id = id;
      this.job = job;
    }

    public UInt32 id() {
      return id;
    }

    public DBusPath job() {
      return job;
    }
  }

  /**
   * {@code JobRemoved(u id, o job, s node, s unit, s result)}: a job ended; {@code result} is one
   * of done, failed, cancelled, timeout, dependency, skipped.
   */
  final class JobRemoved extends DBusSignal {
    private final UInt32 id;
    private final DBusPath job;
    private final String node;
    private final String unit;
    private final String result;

    public JobRemoved(String path, UInt32 id, DBusPath job, String node, String unit, String result)
        throws DBusException {
      super(path, id, job, node, unit, result);
      this.id = id;
      this.job = job;
      this.node = node;
      this.unit = unit;
      this.result = result;
    }

    public UInt32 id() {
      return id;
    }

    public DBusPath job() {
      return job;
    }

    public String node() {
      return node;
    }

    public String unit() {
      return unit;
    }

    public String result() {
      return result;
    }
  }
}
