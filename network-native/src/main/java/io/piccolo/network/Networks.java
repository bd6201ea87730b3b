package io.piccolo.network;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The networks PHAROS has plumbed, by name, each with the number its devices and map entries carry
 * (0 means "none" in the maps), and the isolation between them. A network is made with its first
 * workload and removed with its last.
 */
final class Networks {
  private final Map<String, LiveNetwork> byName = new LinkedHashMap<>();
  private final BitSet ids = new BitSet();
  private final Isolation isolation = new Isolation();

  Networks() {
    ids.set(0);
  }

  Optional<LiveNetwork> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  Collection<LiveNetwork> all() {
    return byName.values();
  }

  /** The workload of that Model on any network. */
  Optional<Member> member(String model) {
    return byName.values().stream()
        .map(n -> n.members.get(model))
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  List<Member> members() {
    List<Member> all = new ArrayList<>();
    byName.values().forEach(n -> all.addAll(n.members.values()));
    return all;
  }

  /** The network as declared: plumbed when new, its classes changed in place when not. */
  LiveNetwork ensure(NetworkSpec spec) throws KernelException {
    LiveNetwork net = byName.get(spec.name());
    if (net == null) {
      return create(spec);
    }
    if (!net.spec.equals(spec)) {
      reconfigure(net, spec);
    }
    return net;
  }

  void removeIfEmpty(LiveNetwork net) throws KernelException {
    if (!net.members.isEmpty()) {
      return;
    }
    Plumbing.removeNetwork(net.id);
    byName.remove(net.spec.name());
    ids.clear(net.id);
    isolation.update(byName.values());
  }

  /** The kernel's side was removed wholesale: nothing is plumbed. */
  void forget() {
    byName.clear();
    ids.clear();
    ids.set(0);
    isolation.forget();
  }

  private LiveNetwork create(NetworkSpec spec) throws KernelException {
    int id = ids.nextClearBit(1);
    try {
      Plumbing.createNetwork(id, spec);
    } catch (KernelException e) {
      Plumbing.deleteLinks(
          Plumbing.leftovers().stream()
              .filter(n -> n.equals(Plumbing.bridge(id)) || n.equals(Plumbing.uplink(id)))
              .toList());
      throw e;
    }
    LiveNetwork net = new LiveNetwork(id, spec);
    ids.set(id);
    byName.put(spec.name(), net);
    isolation.update(byName.values());
    return net;
  }

  /** A Network applied again with other classes or isolation: its classes change in place. */
  private void reconfigure(LiveNetwork net, NetworkSpec spec) throws KernelException {
    if (!net.spec.subnet().equals(spec.subnet())) {
      throw new IllegalArgumentException(
          "Network/"
              + spec.name()
              + " changed its subnet from "
              + net.spec.subnet()
              + " to "
              + spec.subnet()
              + " while workloads are on it: terminate them first");
    }
    int before = net.spec.classes().size();
    net.spec = spec;
    Commands.batch(List.of("tc"), Plumbing.hierarchy(net.id, spec, "replace"));
    List<String> entries = new ArrayList<>();
    for (Member m : new ArrayList<>(net.members.values())) {
      String kept =
          spec.trafficClass(m.className()).isPresent() ? m.className() : TrafficClass.DEFAULT;
      Member updated = m.withClass(kept, m.own());
      net.members.put(m.model(), updated);
      entries.add(Classifier.hostEntry(m.address(), net.minorOf(updated), net.id));
    }
    Classifier.apply(entries);
    for (int i = spec.classes().size(); i < before; i++) {
      Plumbing.deleteClass(net.id, Plumbing.FIRST_DECLARED_MINOR + i);
    }
    isolation.update(byName.values());
  }
}
