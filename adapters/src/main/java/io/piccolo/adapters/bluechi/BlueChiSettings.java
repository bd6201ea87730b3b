package io.piccolo.adapters.bluechi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the BlueChi executor reaches BlueChi and where it writes Quadlet files.
 *
 * @param busAddress the D-Bus address BlueChi's controller is on, e.g. {@code
 *     unix:path=/run/dbus/system_bus_socket}
 * @param quadletFolder where a node's {@code .kube} and pod YAML files go unless {@code
 *     nodeQuadletFolders} names its own: systemd's Quadlet generator reads {@code
 *     /etc/containers/systemd}
 * @param nodeQuadletFolders node name → its folder, for nodes whose folder is elsewhere (a remote
 *     node's folder mounted here)
 * @param callTimeout the longest one D-Bus call may take before it counts as a transient failure
 * @param jobTimeout the longest a BlueChi job may take from its queueing to its {@code JobRemoved}
 */
public record BlueChiSettings(
    String busAddress,
    Path quadletFolder,
    Map<String, Path> nodeQuadletFolders,
    Duration callTimeout,
    Duration jobTimeout) {
  public static final String SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";
  public static final Path QUADLET_FOLDER = Path.of("/etc/containers/systemd");
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
  // only the unix socket transport is on the class path
  private static final Pattern UNIX_ADDRESS =
      Pattern.compile("unix:(path|abstract)=[^,;]+(,[a-z]+=[^,;]*)*");

  public BlueChiSettings {
    Objects.requireNonNull(busAddress, "busAddress");
    Objects.requireNonNull(quadletFolder, "quadletFolder");
    nodeQuadletFolders = Map.copyOf(nodeQuadletFolders);
    if (!UNIX_ADDRESS.matcher(busAddress).matches()) {
      throw new IllegalArgumentException(
          "'"
              + busAddress
              + "' is not a D-Bus address this executor can use: write unix:path=SOCKET (or"
              + " unix:abstract=NAME), or the socket's absolute path");
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("the call timeout must be positive");
    }
    if (jobTimeout.isNegative() || jobTimeout.isZero()) {
      throw new IllegalArgumentException("the job timeout must be positive");
    }
  }

  /** The system bus, {@code /etc/containers/systemd}, 5 s per call, 90 s per job. */
  public static BlueChiSettings defaults() {
    return new BlueChiSettings(SYSTEM_BUS, QUADLET_FOLDER, Map.of(), CALL_TIMEOUT, JOB_TIMEOUT);
  }

  /** A D-Bus address as it is, or a socket path as {@code unix:path=PATH}. */
  public static String busAddress(String addressOrSocket) {
    return addressOrSocket.startsWith("/") ? "unix:path=" + addressOrSocket : addressOrSocket;
  }

  public BlueChiSettings withBusAddress(String addressOrSocket) {
    return new BlueChiSettings(
        busAddress(addressOrSocket), quadletFolder, nodeQuadletFolders, callTimeout, jobTimeout);
  }

  public BlueChiSettings withQuadletFolder(Path folder) {
    return new BlueChiSettings(busAddress, folder, nodeQuadletFolders, callTimeout, jobTimeout);
  }

  public BlueChiSettings withNodeQuadletFolders(Map<String, Path> folders) {
    return new BlueChiSettings(busAddress, quadletFolder, folders, callTimeout, jobTimeout);
  }

  public BlueChiSettings withTimeouts(Duration call, Duration job) {
    return new BlueChiSettings(busAddress, quadletFolder, nodeQuadletFolders, call, job);
  }

  /** The folder for one node's Quadlet files. */
  public Path quadletFolder(String node) {
    return nodeQuadletFolders.getOrDefault(node, quadletFolder);
  }
}
