package io.piccolo.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The workloads on PHAROS networks: joining one (its veth, address and map entry), leaving it, and
 * moving between classes, in the kernel and in this picture of it. Not thread-safe: {@link Pharos}
 * calls it from its one thread.
 */
final class Workloads {
  private final Networks networks = new Networks();
  private final BitSet ids = new BitSet();
  private final UsageReader usage;

  Workloads(UsageReader usage) {
    this.usage = usage;
  }

  Networks networks() {
    return networks;
  }

  Optional<Member> member(String model) {
    return networks.member(model);
  }

  List<Member> all() {
    return networks.members();
  }

  /** Joins, moves or re-plumbs the Model as its request says; idempotent. */
  String join(JoinRequest request) throws KernelException {
    String model = request.model();
    if (!request.joins()) {
      if (member(model).isPresent()) {
        leave(model);
        return request.skipped() + "; left its network";
      }
      return request.skipped() + "; nothing to set up";
    }
    Member current = member(model).orElse(null);
    if (current != null && !Files.exists(Path.of("/sys/class/net", Plumbing.port(current.id())))) {
      leave(model); // its namespace went away (a restarted container): plumb it afresh
      current = null;
    }
    String networkName = request.network();
    String className = request.className();
    if (current != null
        && current.network().equals(networkName)
        && current.netns().equals(request.netns())
        && networks.get(networkName).orElseThrow().spec.equals(request.spec())) {
      if (current.className().equals(className)) {
        return "already on " + networkName + " at " + Subnet.dotted(current.address());
      }
      moveTo(current, className, current.own());
      return "on " + networkName + ", now in class " + className;
    }
    if (current != null
        && (!current.network().equals(networkName) || !current.netns().equals(request.netns()))) {
      leave(model);
      current = null;
    }
    LiveNetwork net = networks.ensure(request.spec());
    if (current != null) {
      moveTo(member(model).orElseThrow(), className, current.own());
      return "on " + networkName + ", its network's classes updated";
    }
    return add(request, net);
  }

  private String add(JoinRequest request, LiveNetwork net) throws KernelException {
    int id = ids.nextClearBit(1);
    int slot = net.takeSlot();
    int address = net.spec.subnet().workload(slot);
    try {
      Plumbing.addWorkload(net.id, id, request.netns(), address, net.spec.subnet());
    } catch (KernelException e) {
      net.freeSlot(slot);
      Plumbing.deleteLinks(
          Plumbing.leftovers().stream().filter(n -> n.equals(Plumbing.port(id))).toList());
      networks.removeIfEmpty(net);
      throw e;
    }
    ids.set(id);
    Member m =
        new Member(
            request.model(),
            net.spec.name(),
            request.netns(),
            id,
            slot,
            address,
            request.className(),
            null);
    net.members.put(m.model(), m);
    Classifier.apply(List.of(Classifier.hostEntry(address, net.minorOf(m), net.id)));
    usage.joined(m);
    return "joined "
        + net.spec.name()
        + " at "
        + Subnet.dotted(address)
        + " in class "
        + request.className();
  }

  /** Removes a Model's veth, map entries and own class; its network goes with its last member. */
  String leave(String model) throws KernelException {
    Member m = member(model).orElse(null);
    if (m == null) {
      return "not on a network";
    }
    LiveNetwork net = networks.get(m.network()).orElseThrow();
    net.members.remove(model);
    Classifier.removeHost(m.address());
    Plumbing.removeWorkload(m.id());
    if (m.own() != null && !net.members.isEmpty()) {
      Plumbing.deleteClass(net.id, m.ownMinor());
    }
    net.freeSlot(m.slot());
    ids.clear(m.id());
    usage.left(m);
    networks.removeIfEmpty(net);
    return "left " + m.network();
  }

  /** Changes a joined Model's class or rate, without touching the workload. */
  String qos(String model, QosRequest q) throws KernelException {
    Member m =
        member(model)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Model/"
                            + model
                            + " is on no PHAROS network: launch it with "
                            + Pharos.NETWORK_ANNOTATION
                            + " naming a Network in bridge mode"));
    QosChange change = QosChange.of(m, networks.get(m.network()).orElseThrow(), q);
    if (change.leaves(m)) {
      return "unchanged: " + QosChange.describe(m);
    }
    return QosChange.describe(moveTo(m, change.className(), change.own()));
  }

  /** Points the classifier at a member's new class; its own class is made or dropped with it. */
  private Member moveTo(Member m, String className, Member.OwnClass own) throws KernelException {
    LiveNetwork net = networks.get(m.network()).orElseThrow();
    if (own != null) {
      Plumbing.changeClass(
          net.id, m.ownMinor(), own.rate(), own.ceil(), own.priority(), m.own() != null);
    }
    Member changed = m.withClass(className, own);
    Classifier.apply(List.of(Classifier.hostEntry(m.address(), net.minorOf(changed), net.id)));
    if (own == null && m.own() != null) {
      Plumbing.deleteClass(net.id, m.ownMinor());
    }
    net.members.put(m.model(), changed);
    usage.moved(m, changed);
    return changed;
  }

  /** The kernel's side was removed wholesale: no workload is on any network. */
  void forget() {
    networks.forget();
    ids.clear();
  }
}
