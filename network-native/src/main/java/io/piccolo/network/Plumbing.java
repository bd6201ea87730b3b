package io.piccolo.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel side of networks and workloads, as iproute2 batches. A network {@code N} is a bridge
 * {@code phabN} and an uplink veth pair: {@code phauN} on the bridge, whose egress carries the HTB
 * hierarchy and the classifier, and {@code phagN} on the host holding the gateway address. A
 * workload is a veth pair: {@code phawK} on the bridge with the port program on its ingress, and
 * {@code eth0} in the workload's network namespace.
 */
final class Plumbing {
  static final String PREFIX = "pha";
  static final int ROOT_MINOR = 0x1;
  static final int DEFAULT_MINOR = 0xfff;
  static final int FIRST_DECLARED_MINOR = 0x10;
  static final int FIRST_OWN_MINOR = 0x100;
  static final String INSIDE = "eth0";
  private static final List<String> IP = List.of("ip");
  private static final List<String> TC = List.of("tc");

  private Plumbing() {}

  static String bridge(int net) {
    return PREFIX + "b" + net;
  }

  static String uplink(int net) {
    return PREFIX + "u" + net;
  }

  static String gatewayEnd(int net) {
    return PREFIX + "g" + net;
  }

  static String port(int workload) {
    return PREFIX + "w" + workload;
  }

  static void createNetwork(int net, NetworkSpec spec) throws KernelException {
    Subnet s = spec.subnet();
    Commands.batch(
        IP,
        List.of(
            "link add " + bridge(net) + " type bridge",
            "link add " + uplink(net) + " type veth peer name " + gatewayEnd(net),
            "link set " + uplink(net) + " master " + bridge(net) + " up",
            "addr add " + Subnet.dotted(s.gateway()) + "/" + s.prefix() + " dev " + gatewayEnd(net),
            "link set " + gatewayEnd(net) + " up"));
    // A bridge device answers ARP for the host's addresses; then workloads would reach the
    // gateway through the bridge device and bypass the uplink's HTB.
    sysctl("net/ipv4/conf/" + bridge(net) + "/arp_ignore", "1");
    Commands.batch(IP, List.of("link set " + bridge(net) + " up"));
    Commands.batch(TC, hierarchy(net, spec, "add"));
    Commands.batch(
        TC,
        List.of(
            "filter add dev "
                + uplink(net)
                + " parent 1: bpf da object-pinned "
                + Classifier.CLASSIFY_PROGRAM
                + " classid 1:"));
  }

  /** The root, one class per declared class and the default class; {@code verb} add or change. */
  static List<String> hierarchy(int net, NetworkSpec spec, String verb) {
    String dev = uplink(net);
    List<String> lines = new ArrayList<>();
    if (verb.equals("add")) {
      lines.add("qdisc add dev " + dev + " root handle 1: htb default " + hex(DEFAULT_MINOR));
    }
    lines.add(classLine(verb, dev, ROOT_MINOR, "1:", spec.link(), spec.link(), -1));
    long guaranteed = 0;
    for (int i = 0; i < spec.classes().size(); i++) {
      TrafficClass c = spec.classes().get(i);
      guaranteed += c.rate();
      lines.add(
          classLine(verb, dev, FIRST_DECLARED_MINOR + i, "1:1", c.rate(), c.ceil(), c.priority()));
    }
    long rest = Math.max(8_000, spec.link() - guaranteed);
    lines.add(classLine(verb, dev, DEFAULT_MINOR, "1:1", rest, spec.link(), 7));
    return lines;
  }

  static String classLine(
      String verb, String dev, int minor, String parent, long rate, long ceil, int prio) {
    // HTB's own quantum (rate / 10) grows past what it accepts at high rates; keep it within
    // one to forty full frames
    long quantum = Math.max(1514, Math.min(60_560, rate / 8 / 10));
    // HTB's default burst is one tick's worth (about 1600 bytes at these rates): a wake-up that
    // comes late on a busy machine, or one 64 KB GSO packet, then costs rate for good. 20 ms of
    // the rate, and at least a GSO packet, keeps the average where it is declared.
    long burst = Math.max(65_536 + 1514, rate / 8 / 50);
    long cburst = Math.max(65_536 + 1514, ceil / 8 / 50);
    return "class "
        + verb
        + " dev "
        + dev
        + " parent "
        + parent
        + " classid 1:"
        + hex(minor)
        + " htb rate "
        + rate
        + "bit ceil "
        + ceil
        + "bit"
        + (prio >= 0 ? " prio " + prio : "")
        + " burst "
        + burst
        + " cburst "
        + cburst
        + " quantum "
        + quantum;
  }

  static void deleteClass(int net, int minor) throws KernelException {
    Commands.batch(TC, List.of("class del dev " + uplink(net) + " classid 1:" + hex(minor)));
  }

  static void changeClass(int net, int minor, long rate, long ceil, int prio, boolean exists)
      throws KernelException {
    Commands.batch(
        TC,
        List.of(classLine(exists ? "change" : "add", uplink(net), minor, "1:1", rate, ceil, prio)));
  }

  static void removeNetwork(int net) throws KernelException {
    // the veth's peer, its qdiscs and filters go with it
    Commands.batch(IP, List.of("link del " + uplink(net), "link del " + bridge(net)));
  }

  /**
   * @param netns the path of the workload's network namespace: one under {@code /run/netns}, or a
   *     process's {@code /proc/PID/ns/net}
   */
  static void addWorkload(int net, int workload, String netns, int address, Subnet subnet)
      throws KernelException {
    String port = port(workload);
    Commands.batch(
        IP,
        List.of(
            "link add " + port + " type veth peer name " + INSIDE + " netns " + netns,
            "link set " + port + " master " + bridge(net) + " up"));
    Commands.batch(
        List.of("nsenter", "--net=" + netns, "ip"),
        List.of(
            "addr add " + Subnet.dotted(address) + "/" + subnet.prefix() + " dev " + INSIDE,
            "link set lo up",
            "link set " + INSIDE + " up",
            "route replace default via " + Subnet.dotted(subnet.gateway())));
    Commands.batch(
        TC,
        List.of(
            "qdisc add dev " + port + " clsact",
            "filter add dev " + port + " ingress bpf da object-pinned " + Classifier.PORT_PROGRAM));
  }

  /** Its veth pair; already gone when the workload's namespace was removed first. */
  static void removeWorkload(int workload) throws KernelException {
    try {
      Commands.batch(IP, List.of("link del " + port(workload)));
    } catch (KernelException e) {
      if (!e.getMessage().contains("Cannot find device")) {
        throw e;
      }
    }
  }

  /** Links named like PHAROS's, left by a process that ended without removing them. */
  static List<String> leftovers() throws KernelException {
    List<String> found = new ArrayList<>();
    for (String line : Commands.run("ip", "-o", "link", "show").split("\n")) {
      String[] parts = line.split(":\\s+", 3);
      if (parts.length < 2) {
        continue;
      }
      String name = parts[1].split("@")[0];
      if (name.matches(PREFIX + "[buw]\\d+")) {
        found.add(name);
      }
    }
    return found;
  }

  static void deleteLinks(List<String> names) throws KernelException {
    List<String> lines = new ArrayList<>();
    names.forEach(n -> lines.add("link del " + n));
    Commands.batch(IP, lines);
  }

  static void requireForwarding() throws KernelException {
    Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
    try {
      if (!Files.readString(forward).trim().equals("1")) {
        sysctl("net/ipv4/ip_forward", "1");
      }
    } catch (IOException e) {
      throw new KernelException("could not read " + forward + ": " + e.getMessage(), e);
    }
  }

  private static void sysctl(String key, String value) throws KernelException {
    Path p = Path.of("/proc/sys").resolve(key);
    try {
      Files.writeString(p, value);
    } catch (IOException e) {
      throw new KernelException("could not set " + p + " to " + value + ": " + e.getMessage(), e);
    }
  }

  static String hex(int minor) {
    return Integer.toHexString(minor);
  }
}
