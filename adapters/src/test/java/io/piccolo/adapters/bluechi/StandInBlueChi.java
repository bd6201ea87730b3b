package io.piccolo.adapters.bluechi;

import io.piccolo.adapters.bluechi.dbus.BlueChiController;
import io.piccolo.adapters.bluechi.dbus.BlueChiMonitor;
import io.piccolo.adapters.bluechi.dbus.BlueChiNode;
import io.piccolo.adapters.bluechi.dbus.NodeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.errors.UnknownProperty;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.freedesktop.systemd1.NoSuchUnit;

/**
 * A stand-in for BlueChi's controller, for tests only: BlueChi needs systemd as PID 1, which these
 * machines do not have. It owns {@code org.eclipse.bluechi} on a (private) bus and exports the
 * members of BlueChi's public API the executor uses, with BlueChi's object paths, signatures and
 * signals: {@code ListNodes}, {@code GetNode}, {@code CreateMonitor}; per node {@code StartUnit},
 * {@code StopUnit}, {@code RestartUnit}, {@code GetUnitProperty} and {@code Reload}; {@code JobNew}
 * and {@code JobRemoved} on the controller; {@code Subscribe}, {@code Unsubscribe} and {@code
 * UnitStateChanged} on monitors.
 *
 * <p>It runs no containers. Unit states live in memory and move as systemd's would ({@code
 * activating} → {@code active}, {@code deactivating} → {@code inactive}); like systemd with
 * Quadlet, a node knows {@code NAME.service} only if {@code NAME.kube} was in its Quadlet folder at
 * its last {@code Reload}, and starting an unknown unit is answered with systemd's {@code
 * NoSuchUnit}. A job is answered with its path first and ends on another thread, as BlueChi's agent
 * reports it. Tests can make a unit's next job end with another result than {@code done}, stop a
 * unit "by itself", and reconnect it to a restarted bus with its units as they were (a node's units
 * outlive the bus). Where it differs from BlueChi: monitor signals are broadcast, not sent to the
 * monitor's owner alone, and an unknown node's {@code ServiceUnknown} reaches the client under
 * dbus-java's name for that error.
 */
final class StandInBlueChi implements AutoCloseable {
  private static final String NODE_PREFIX = BlueChiController.OBJECT_PATH + "/node/";
  private static final String JOB_PREFIX = BlueChiController.OBJECT_PATH + "/job/";
  private static final String MONITOR_PREFIX = BlueChiController.OBJECT_PATH + "/monitor/";

  private record Unit(String active, String sub) {}

  private record Subscription(String node, String unit) {}

  private final Map<String, Path> quadletFolders;
  private final Map<String, Set<String>> loaded = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Unit>> units = new ConcurrentHashMap<>();
  private final Map<String, String> failNextJob = new ConcurrentHashMap<>();
  private final Map<String, Map<UInt32, Subscription>> monitors = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger jobIds = new AtomicInteger();
  private final AtomicInteger monitorIds = new AtomicInteger();
  private final AtomicInteger subscriptionIds = new AtomicInteger();
  private final ExecutorService agent = Executors.newSingleThreadExecutor();
  private final List<Runnable> heldJobs = new ArrayList<>();
  private volatile DBusConnection dbus;
  private boolean holding;

  private StandInBlueChi(Map<String, Path> quadletFolders) {
    this.quadletFolders = new LinkedHashMap<>(quadletFolders);
    quadletFolders.keySet().forEach(n -> units.put(n, new ConcurrentHashMap<>()));
    quadletFolders.keySet().forEach(n -> loaded.put(n, ConcurrentHashMap.newKeySet()));
  }

  /** Joins the bus at {@code address} with the given nodes, each with its Quadlet folder. */
  static StandInBlueChi start(String address, Map<String, Path> quadletFolders) throws Exception {
    StandInBlueChi blueChi = new StandInBlueChi(quadletFolders);
    blueChi.join(address);
    return blueChi;
  }

  /** Joins a (restarted) bus again; units keep their states, monitors start over. */
  synchronized void join(String address) throws DBusException {
    leave();
    monitors.clear();
    DBusConnection connection = DBusConnectionBuilder.forAddress(address).withShared(false).build();
    connection.exportObject(BlueChiController.OBJECT_PATH, new Controller());
    for (String node : quadletFolders.keySet()) {
      connection.exportObject(nodePath(node), new Node(node));
    }
    connection.requestBusName(BlueChiController.BUS_NAME);
    dbus = connection;
  }

  /** Leaves the bus, as a stopped BlueChi controller would. */
  synchronized void leave() {
    if (dbus != null) {
      dbus.disconnect();
      dbus = null;
    }
  }

  @Override
  public void close() {
    leave();
    agent.shutdownNow();
  }

  /** The methods called so far, e.g. {@code RestartUnit hpc cam.service replace}. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** Monitors clients made since this stand-in last joined the bus. */
  int monitors() {
    return monitors.size();
  }

  /** Subscriptions on all monitors now. */
  int subscriptions() {
    return monitors.values().stream().mapToInt(Map::size).sum();
  }

  String activeState(String node, String unit) {
    return units.get(node).getOrDefault(unit, new Unit("inactive", "dead")).active();
  }

  /** The unit's next job ends with {@code result} (failed, timeout, …) instead of done. */
  void failNextJob(String node, String unit, String result) {
    failNextJob.put(node + "/" + unit, result);
  }

  /** Jobs queued from now on wait, answered but not carried out, until {@link #releaseJobs()}. */
  synchronized void holdJobs() {
    holding = true;
  }

  synchronized void releaseJobs() {
    holding = false;
    heldJobs.forEach(agent::execute);
    heldJobs.clear();
  }

  /** The unit stops by itself, as a crashed or finished service does. */
  void stopByItself(String node, String unit, String active, String sub) {
    change(node, unit, active, sub, "real");
  }

  /** The unit stopped while nobody could hear: no signal, only its state. */
  void stopUnheard(String node, String unit, String active, String sub) {
    units.get(node).put(unit, new Unit(active, sub));
  }

  static String nodePath(String node) {
    StringBuilder path = new StringBuilder(NODE_PREFIX);
    for (int i = 0; i < node.length(); i++) {
      char c = node.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (plain) {
        path.append(c);
      } else {
        path.append('_').append(String.format("%02x", (int) c));
      }
    }
    return path.toString();
  }

  private void change(String node, String unit, String active, String sub, String reason) {
    units.get(node).put(unit, new Unit(active, sub));
    monitors.forEach(
        (monitor, subscriptions) -> {
          boolean subscribed =
              subscriptions.values().stream()
                  .anyMatch(
                      s ->
                          (s.node().equals("*") || s.node().equals(node))
                              && (s.unit().equals("*") || s.unit().equals(unit)));
          if (subscribed) {
            send(
                () ->
                    new BlueChiMonitor.UnitStateChanged(monitor, node, unit, active, sub, reason));
          }
        });
  }

  private interface SignalMaker {
    DBusSignal make() throws DBusException;
  }

  private void send(SignalMaker signal) {
    DBusConnection connection = dbus;
    if (connection == null) {
      return;
    }
    try {
      connection.sendMessage(signal.make());
    } catch (DBusException e) {
      throw new IllegalStateException(e);
    }
  }

  private DBusPath queue(String node, String unit, String type) {
    int id = jobIds.incrementAndGet();
    DBusPath job = new DBusPath(JOB_PREFIX + id);
    send(() -> new BlueChiController.JobNew(BlueChiController.OBJECT_PATH, new UInt32(id), job));
    Runnable carryOut =
        () -> {
          String result = run(node, unit, type);
          send(
              () ->
                  new BlueChiController.JobRemoved(
                      BlueChiController.OBJECT_PATH, new UInt32(id), job, node, unit, result));
        };
    synchronized (this) {
      if (holding) {
        heldJobs.add(carryOut);
      } else {
        agent.execute(carryOut);
      }
    }
    return job;
  }

  /** One job, as systemd carries it out; returns its result. */
  private String run(String node, String unit, String type) {
    String failure = failNextJob.remove(node + "/" + unit);
    boolean active = "active".equals(activeState(node, unit));
    if (type.equals("stop") || type.equals("restart")) {
      if (active) {
        change(node, unit, "deactivating", "stop", "real");
        change(node, unit, "inactive", "dead", "real");
      }
      if (type.equals("stop")) {
        return failure == null ? "done" : failure;
      }
    } else if (active) {
      return "done";
    }
    change(node, unit, "activating", "start", "real");
    if (failure != null) {
      change(node, unit, "failed", "failed", "real");
      return failure;
    }
    change(node, unit, "active", "running", "real");
    return "done";
  }

  private final class Controller implements BlueChiController {
    @Override
    public List<NodeInfo> listNodes() {
      calls.add("ListNodes");
      List<NodeInfo> nodes = new ArrayList<>();
      quadletFolders
          .keySet()
          .forEach(n -> nodes.add(new NodeInfo(n, new DBusPath(nodePath(n)), "online", "")));
      return nodes;
    }

    @Override
    public DBusPath getNode(String name) {
      calls.add("GetNode " + name);
      if (!quadletFolders.containsKey(name)) {
        throw new ServiceUnknown("Node not found");
      }
      return new DBusPath(nodePath(name));
    }

    @Override
    public DBusPath createMonitor() {
      calls.add("CreateMonitor");
      String path = MONITOR_PREFIX + monitorIds.incrementAndGet();
      try {
        dbus.exportObject(path, new Monitor(path));
      } catch (DBusException e) {
        throw new IllegalStateException(e);
      }
      monitors.put(path, new ConcurrentHashMap<>());
      return new DBusPath(path);
    }

    @Override
    public String getObjectPath() {
      return OBJECT_PATH;
    }
  }

  private final class Node implements BlueChiNode {
    private final String name;

    Node(String name) {
      this.name = name;
    }

    @Override
    public DBusPath startUnit(String unit, String mode) {
      return lifecycle("StartUnit", "start", unit, mode);
    }

    @Override
    public DBusPath stopUnit(String unit, String mode) {
      return lifecycle("StopUnit", "stop", unit, mode);
    }

    @Override
    public DBusPath restartUnit(String unit, String mode) {
      return lifecycle("RestartUnit", "restart", unit, mode);
    }

    private DBusPath lifecycle(String method, String type, String unit, String mode) {
      calls.add(method + " " + name + " " + unit + " " + mode);
      boolean known =
          loaded.get(name).contains(unit) || !"inactive".equals(activeState(name, unit));
      if (!known) {
        throw new NoSuchUnit("Unit " + unit + " not found.");
      }
      return queue(name, unit, type);
    }

    @Override
    public Variant<?> getUnitProperty(String unit, String iface, String property) {
      Unit state = units.get(name).getOrDefault(unit, new Unit("inactive", "dead"));
      return switch (property) {
        case "ActiveState" -> new Variant<>(state.active());
        case "SubState" -> new Variant<>(state.sub());
        case "LoadState" -> new Variant<>(loaded.get(name).contains(unit) ? "loaded" : "not-found");
        default -> throw new UnknownProperty("Unknown property " + property);
      };
    }

    /** systemd's daemon-reload: Quadlet makes NAME.service of every NAME.kube in the folder. */
    @Override
    public void reload() {
      calls.add("Reload " + name);
      Set<String> found = new HashSet<>();
      try (Stream<Path> files = Files.list(quadletFolders.get(name))) {
        files
            .map(f -> f.getFileName().toString())
            .filter(f -> f.endsWith(".kube"))
            .forEach(f -> found.add(f.substring(0, f.length() - ".kube".length()) + ".service"));
      } catch (java.nio.file.NoSuchFileException none) {
        // no folder, no units
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded.get(name).retainAll(found);
      loaded.get(name).addAll(found);
    }

    @Override
    public String getObjectPath() {
      return nodePath(name);
    }
  }

  private final class Monitor implements BlueChiMonitor {
    private final String path;

    Monitor(String path) {
      this.path = path;
    }

    @Override
    public UInt32 subscribe(String node, String unit) {
      calls.add("Subscribe " + node + " " + unit);
      UInt32 id = new UInt32(subscriptionIds.incrementAndGet());
      monitors.get(path).put(id, new Subscription(node, unit));
      // as BlueChi does, tell the subscriber the unit's current state ("virtual")
      Map<String, Unit> states = units.getOrDefault(node, new HashMap<>());
      Unit state = states.get(unit);
      if (state != null) {
        send(
            () ->
                new BlueChiMonitor.UnitStateChanged(
                    path, node, unit, state.active(), state.sub(), "virtual"));
      }
      return id;
    }

    @Override
    public void unsubscribe(UInt32 id) {
      monitors.get(path).remove(id);
    }

    @Override
    public void close() {
      monitors.remove(path);
    }

    @Override
    public String getObjectPath() {
      return path;
    }
  }
}
