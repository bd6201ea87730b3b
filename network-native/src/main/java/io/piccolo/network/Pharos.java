package io.piccolo.network;

import io.piccolo.adapters.ModelTarget;
import io.piccolo.engine.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The networks, workloads and classes PHAROS keeps in the kernel. Every change and every reading of
 * the counters runs on one thread of its own, in the order asked, so the kernel state and this
 * object's picture of it ({@link Workloads}) never diverge. Starting loads the classifier (and
 * removes what a process that ended without stopping left); stopping removes every network, class,
 * filter and map it made.
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
  private final Workloads workloads;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pharos");
            t.setDaemon(true);
            return t;
          });
  private boolean started;

  /**
   * @param usage told the counters each interval
   * @param interval how often the counters are read
   */
  public Pharos(NetworkCatalog catalog, UsageReader usage, Duration interval) {
    this.catalog = catalog;
    this.usage = usage;
    this.interval = interval;
    this.workloads = new Workloads(usage);
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
              for (Member m : workloads.all()) {
                workloads.leave(m.model());
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
    return join(target, Optional.empty());
  }

  /**
   * Joins as {@link #join(ModelTarget)} does, into the network namespace the Model's runtime says
   * its pod has (unless the Model names one with {@value #NETNS_ANNOTATION}).
   */
  public CompletionStage<String> join(ModelTarget target, Optional<Path> namespace) {
    return on(
        () -> {
          requireStarted();
          return workloads.join(JoinRequest.read(target, catalog, namespace));
        });
  }

  /**
   * Whether PHAROS plumbs the Model's network: it names a stored Network in bridge mode. Its
   * runtime then starts it with a network namespace of its own holding only loopback.
   */
  public CompletionStage<Boolean> plumbs(ModelTarget target) {
    return on(() -> JoinRequest.plumbed(target, catalog));
  }

  /** Removes a Model's veth, map entries and own class; its network goes with its last member. */
  public CompletionStage<String> leave(String model) {
    return on(() -> workloads.leave(model));
  }

  /** Changes a joined Model's class or rate, without touching the workload. */
  public CompletionStage<String> qos(String model, Map<String, Object> params) {
    return on(
        () -> {
          requireStarted();
          return workloads.qos(model, QosRequest.parse(params));
        });
  }

  /** The Models joined, with the address each has: for tests and the operator. */
  public CompletionStage<Map<String, String>> addresses() {
    return on(
        () -> {
          Map<String, String> out = new LinkedHashMap<>();
          workloads.all().forEach(m -> out.put(m.model(), Subnet.dotted(m.address())));
          return out;
        });
  }

  /** The uplink device of a network PHAROS plumbed, or empty. */
  public CompletionStage<Optional<String>> uplink(String network) {
    return on(() -> workloads.networks().get(network).map(n -> Plumbing.uplink(n.id)));
  }

  /** The bridge port of a joined Model, or empty. */
  CompletionStage<Optional<String>> port(String model) {
    return on(() -> workloads.member(model).map(m -> Plumbing.port(m.id())));
  }

  /** The gateway address of a network PHAROS plumbed, or empty. */
  public CompletionStage<Optional<String>> gateway(String network) {
    return on(
        () -> workloads.networks().get(network).map(n -> Subnet.dotted(n.spec.subnet().gateway())));
  }

  private void readUsage() {
    List<Member> members = workloads.all();
    if (!started || members.isEmpty()) {
      usage.read(Map.of(), members);
      return;
    }
    try {
      usage.read(Classifier.usage(), members);
    } catch (KernelException e) {
      usage.failed(e);
    }
  }

  private void removeLeftovers() throws KernelException {
    workloads.forget();
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
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("PHAROS has stopped"));
    }
    return done;
  }
}
