package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.engine.Lifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The networks, workloads and classes PHAROS keeps in the kernel. Every change and every reading of
 * the counters runs on one thread of its own, in the order asked, so the kernel state and this
 * object's picture of it never diverge. Starting loads the classifier (and removes what a process
 * that ended without stopping left); stopping removes every network, class, filter and map it made.
 */
public final class Pharos implements Lifecycle {
  /** The annotation by which a Model joins a network (Pullpiri's). */
  public static final String NETWORK_ANNOTATION = "io.pullpiri.annotations.package-network";

  /** The annotation naming a Model's traffic class. */
  public static final String CLASS_ANNOTATION = "io.piccolo.network/class";

  /** The annotation naming a Model's network namespace under /run/netns; default: its name. */
  public static final String NETNS_ANNOTATION = "io.piccolo.network/netns";

  static final Path NETNS_DIR = Path.of("/run/netns");

  private final NetworkCatalog catalog;
  private final UsageReader usage;
  private final Duration interval;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pharos");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, LiveNetwork> networks = new LinkedHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final BitSet networkIds = new BitSet();
  private final BitSet memberIds = new BitSet();
  private final Set<List<Integer>> denied = new HashSet<>();
  private boolean started;

  /**
   * @param usage told the counters each interval
   * @param interval how often the counters are read
   */
  public Pharos(NetworkCatalog catalog, UsageReader usage, Duration interval) {
    this.catalog = catalog;
    this.usage = usage;
    this.interval = interval;
    networkIds.set(0); // network 0 means "none" in the maps
  }

  @Override
  public CompletionStage<Void> start() {
    return on(
        () -> {
          removeLeftovers();
          Classifier.load();
          Plumbing.requireForwarding();
          started = true;
          long ms = interval.toMillis();
          thread.scheduleAtFixedRate(this::readUsage, ms, ms, TimeUnit.MILLISECONDS);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> stop() {
    CompletionStage<Void> done =
        on(
            () -> {
              for (String model : new ArrayList<>(members.keySet())) {
                leaveNow(model);
              }
              removeLeftovers();
              started = false;
              return null;
            });
    return done.whenComplete((v, e) -> thread.shutdown());
  }

  /**
   * Sets up the network a Model joins (its {@value #NETWORK_ANNOTATION} annotation), and its veth,
   * address and class. Completes with what it did; a Model that joins no bridge network is left
   * alone. Idempotent.
   */
  public CompletionStage<String> join(ModelTarget target) {
    return on(() -> joinNow(target));
  }

  /** Removes a Model's veth, map entries and own class; its network goes with its last member. */
  public CompletionStage<String> leave(String model) {
    return on(() -> leaveNow(model));
  }

  /** Changes a joined Model's class or rate, without touching the workload. */
  public CompletionStage<String> qos(String model, Map<String, Object> params) {
    return on(() -> qosNow(model, QosRequest.parse(params)));
  }

  /** The Models joined, with the address each has: for tests and the operator. */
  public CompletionStage<Map<String, String>> addresses() {
    return on(
        () -> {
          Map<String, String> out = new LinkedHashMap<>();
          members.forEach((m, member) -> out.put(m, Subnet.dotted(member.address())));
          return out;
        });
  }

  /** The uplink device of a network PHAROS plumbed, or empty. */
  public CompletionStage<Optional<String>> uplink(String network) {
    return on(() -> Optional.ofNullable(networks.get(network)).map(n -> Plumbing.uplink(n.id)));
  }

  /** The bridge port of a joined Model, or empty. */
  CompletionStage<Optional<String>> port(String model) {
    return on(() -> Optional.ofNullable(members.get(model)).map(m -> Plumbing.port(m.id())));
  }

  /** The gateway address of a network PHAROS plumbed, or empty. */
  public CompletionStage<Optional<String>> gateway(String network) {
    return on(
        () ->
            Optional.ofNullable(networks.get(network))
                .map(n -> Subnet.dotted(n.spec.subnet().gateway())));
  }

  private String joinNow(ModelTarget target) throws Exception {
    requireStarted();
    String model = target.modelName();
    JsonNode annotations = target.model().document().path("metadata").path("annotations");
    String networkName = annotations.path(NETWORK_ANNOTATION).asText("");
    if (networkName.isEmpty()) {
      return leaveIfJoined(model, "joins no network");
    }
    Optional<JsonNode> found = catalog.spec(networkName);
    if (found.isEmpty()) {
      return leaveIfJoined(model, "network '" + networkName + "' is not a stored Network");
    }
    NetworkSpec spec = NetworkSpec.from(networkName, found.get());
    if (!spec.bridge()) {
      return leaveIfJoined(model, "Network/" + networkName + " is not in bridge mode");
    }
    String className = annotations.path(CLASS_ANNOTATION).asText(TrafficClass.DEFAULT);
    if (!className.equals(TrafficClass.DEFAULT) && spec.trafficClass(className).isEmpty()) {
      throw new IllegalArgumentException(
          "Model/"
              + model
              + " asks for class '"
              + className
              + "' ("
              + CLASS_ANNOTATION
              + "), which Network/"
              + networkName
              + " does not declare (classes: "
              + spec.classNames()
              + ")");
    }
    String netns = annotations.path(NETNS_ANNOTATION).asText(model);
    if (!netns.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || !Files.exists(NETNS_DIR.resolve(netns))) {
      throw new IllegalArgumentException(
          "Model/"
              + model
              + " has no network namespace "
              + NETNS_DIR.resolve(netns)
              + ": PHAROS moves its veth into the namespace its runtime made (a container started"
              + " with network none), named after the Model or by "
              + NETNS_ANNOTATION);
    }
    Member current = members.get(model);
    if (current != null && !Files.exists(Path.of("/sys/class/net", Plumbing.port(current.id())))) {
      leaveNow(model); // its namespace went away (a restarted container): plumb it afresh
      current = null;
    }
    if (current != null
        && current.network().equals(networkName)
        && current.netns().equals(netns)
        && networks.get(networkName).spec.equals(spec)) {
      if (current.className().equals(className)) {
        return "already on " + networkName + " at " + Subnet.dotted(current.address());
      }
      moveTo(current, className, current.own());
      return "on " + networkName + ", now in class " + className;
    }
    if (current != null && !current.network().equals(networkName)
        || current != null && !current.netns().equals(netns)) {
      leaveNow(model);
    }
    LiveNetwork net = ensureNetwork(spec);
    Member existing = members.get(model);
    if (existing != null) {
      moveTo(existing, className, existing.own());
      return "on " + networkName + ", its network's classes updated";
    }
    int id = memberIds.nextClearBit(1);
    int slot = net.takeSlot();
    int address = spec.subnet().workload(slot);
    try {
      Plumbing.addWorkload(net.id, id, netns, address, spec.subnet());
    } catch (KernelException e) {
      net.freeSlot(slot);
      Plumbing.deleteLinks(
          Plumbing.leftovers().stream().filter(n -> n.equals(Plumbing.port(id))).toList());
      removeIfEmpty(net);
      throw e;
    }
    memberIds.set(id);
    Member m = new Member(model, networkName, netns, id, slot, address, className, null);
    net.members.put(model, m);
    members.put(model, m);
    Classifier.apply(List.of(Classifier.hostEntry(address, net.minorOf(m), net.id)));
    usage.joined(m);
    return "joined " + networkName + " at " + Subnet.dotted(address) + " in class " + className;
  }

  private String leaveIfJoined(String model, String why) throws KernelException {
    if (members.containsKey(model)) {
      leaveNow(model);
      return why + "; left its network";
    }
    return why + "; nothing to set up";
  }

  private String leaveNow(String model) throws KernelException {
    Member m = members.remove(model);
    if (m == null) {
      return "not on a network";
    }
    LiveNetwork net = networks.get(m.network());
    net.members.remove(model);
    Classifier.removeHost(m.address());
    Plumbing.removeWorkload(m.id());
    if (m.own() != null && net.members.size() > 0) {
      Plumbing.deleteClass(net.id, m.ownMinor());
    }
    net.freeSlot(m.slot());
    memberIds.clear(m.id());
    usage.left(m);
    removeIfEmpty(net);
    return "left " + m.network();
  }

  private void removeIfEmpty(LiveNetwork net) throws KernelException {
    if (!net.members.isEmpty()) {
      return;
    }
    Plumbing.removeNetwork(net.id);
    networks.remove(net.spec.name());
    networkIds.clear(net.id);
    updateIsolation();
  }

  private LiveNetwork ensureNetwork(NetworkSpec spec) throws KernelException {
    LiveNetwork net = networks.get(spec.name());
    if (net == null) {
      int id = networkIds.nextClearBit(1);
      net = new LiveNetwork(id, spec);
      networkIds.set(id);
      networks.put(spec.name(), net);
      try {
        Plumbing.createNetwork(id, spec);
      } catch (KernelException e) {
        networks.remove(spec.name());
        networkIds.clear(id);
        Plumbing.deleteLinks(
            Plumbing.leftovers().stream()
                .filter(n -> n.equals(Plumbing.bridge(id)) || n.equals(Plumbing.uplink(id)))
                .toList());
        throw e;
      }
      updateIsolation();
      return net;
    }
    if (!net.spec.equals(spec)) {
      reconfigure(net, spec);
    }
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
    List<String> lines = Plumbing.hierarchy(net.id, spec, "replace");
    Commands.batch(List.of("tc"), lines);
    List<String> entries = new ArrayList<>();
    for (Member m : new ArrayList<>(net.members.values())) {
      String kept =
          spec.trafficClass(m.className()).isPresent() ? m.className() : TrafficClass.DEFAULT;
      Member updated = m.withClass(kept, m.own());
      net.members.put(m.model(), updated);
      members.put(m.model(), updated);
      entries.add(Classifier.hostEntry(m.address(), net.minorOf(updated), net.id));
    }
    Classifier.apply(entries);
    for (int i = spec.classes().size(); i < before; i++) {
      Plumbing.deleteClass(net.id, Plumbing.FIRST_DECLARED_MINOR + i);
    }
    updateIsolation();
  }

  private String qosNow(String model, QosRequest q) throws KernelException {
    requireStarted();
    Member m = members.get(model);
    if (m == null) {
      throw new IllegalArgumentException(
          "Model/"
              + model
              + " is on no PHAROS network: launch it with "
              + NETWORK_ANNOTATION
              + " naming a Network in bridge mode");
    }
    LiveNetwork net = networks.get(m.network());
    String className = q.className() != null ? q.className() : m.className();
    if (!className.equals(TrafficClass.DEFAULT) && net.spec.trafficClass(className).isEmpty()) {
      throw new IllegalArgumentException(
          "qos: Network/"
              + m.network()
              + " declares no class '"
              + className
              + "' (classes: "
              + net.spec.classNames()
              + ")");
    }
    Member.OwnClass own = null;
    if (q.wantsOwnClass()) {
      TrafficClass base = net.classOf(className);
      long rate = q.bandwidth() != null ? q.bandwidth() : base.rate();
      long ceil = q.ceil() != null ? q.ceil() : q.bandwidth() != null ? q.bandwidth() : base.ceil();
      if (q.bandwidth() == null) {
        rate = Math.min(rate, ceil); // a lower ceiling alone lowers the guarantee with it
      }
      if (ceil < rate) {
        throw new IllegalArgumentException(
            "qos: ceil "
                + io.piccolo.connectors.artifact.Bandwidth.format(ceil)
                + " is below the rate of "
                + io.piccolo.connectors.artifact.Bandwidth.format(rate));
      }
      if (ceil > net.spec.link()) {
        ceil = net.spec.link();
        rate = Math.min(rate, ceil);
      }
      own = new Member.OwnClass(rate, ceil, q.priority() != null ? q.priority() : base.priority());
    }
    if (className.equals(m.className()) && java.util.Objects.equals(own, m.own())) {
      return "unchanged: " + describe(m);
    }
    Member changed = moveTo(m, className, own);
    return describe(changed);
  }

  /** Points the classifier at a member's new class; its own class is made or dropped with it. */
  private Member moveTo(Member m, String className, Member.OwnClass own) throws KernelException {
    LiveNetwork net = networks.get(m.network());
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
    members.put(m.model(), changed);
    usage.moved(m, changed);
    return changed;
  }

  private static String describe(Member m) {
    if (m.own() == null) {
      return "in class " + m.className();
    }
    return "in a class of its own: rate "
        + io.piccolo.connectors.artifact.Bandwidth.format(m.own().rate())
        + ", ceil "
        + io.piccolo.connectors.artifact.Bandwidth.format(m.own().ceil())
        + ", priority "
        + m.own().priority();
  }

  /** The deny map as isolation says: a pair of networks is denied unless both sides admit it. */
  private void updateIsolation() throws KernelException {
    Set<List<Integer>> wanted = new HashSet<>();
    for (LiveNetwork a : networks.values()) {
      for (LiveNetwork b : networks.values()) {
        if (a != b && !a.spec.admits(b.spec)) {
          wanted.add(List.of(a.id, b.id));
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<Integer> pair : wanted) {
      if (!denied.contains(pair)) {
        lines.add(Classifier.denyEntry(pair.get(0), pair.get(1)));
      }
    }
    for (List<Integer> pair : denied) {
      if (!wanted.contains(pair)) {
        lines.add(Classifier.allowEntry(pair.get(0), pair.get(1)));
      }
    }
    Classifier.apply(lines);
    denied.clear();
    denied.addAll(wanted);
  }

  private void readUsage() {
    if (!started || members.isEmpty()) {
      usage.read(Map.of(), members.values());
      return;
    }
    try {
      usage.read(Classifier.usage(), members.values());
    } catch (KernelException e) {
      usage.failed(e);
    }
  }

  private void removeLeftovers() throws KernelException {
    networks.clear();
    members.clear();
    networkIds.clear();
    networkIds.set(0);
    memberIds.clear();
    denied.clear();
    Plumbing.deleteLinks(Plumbing.leftovers());
    Classifier.unload();
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("PHAROS is not started");
    }
  }

  private <T> CompletionStage<T> on(Callable<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    try {
      thread.execute(
          () -> {
            try {
              done.complete(work.call());
            } catch (Throwable e) {
              done.completeExceptionally(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("PHAROS has stopped"));
    }
    return done;
  }
}
