package io.piccolo.adapters.bluechi;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.bluechi.BlueChiBus.Session;
import io.piccolo.adapters.bluechi.UnitWatch.UnitKey;
import io.piccolo.adapters.bluechi.dbus.BlueChiMonitor;
import io.piccolo.adapters.bluechi.dbus.BlueChiNode;
import io.piccolo.adapters.bluechi.dbus.NodeInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * Runs Models as systemd units through BlueChi: each Model is {@code MODEL.service} on the node its
 * Package names, made by Quadlet from the {@code MODEL.kube} and pod YAML files written here (as
 * Pullpiri's node agent did), and started, stopped and restarted through BlueChi's D-Bus API. A
 * unit's job is done when the controller's {@code JobRemoved} says {@code done}; units that stop by
 * themselves are heard through a BlueChi monitor.
 *
 * <p>{@code launch} writes the files, reloads the node when they changed (so the Quadlet generator
 * sees them) and starts the unit; {@code terminate} stops it and removes the files; {@code update}
 * and {@code rollback} rewrite the files with the version given and restart the unit.
 */
public final class BlueChiExecutor implements Executor {
  private static final Set<String> ACTIONS = Set.of("launch", "terminate", "update", "rollback");
  private static final String UNIT_INTERFACE = "org.freedesktop.systemd1.Unit";

  private final BlueChiSettings settings;
  private final QuadletFiles files;
  private final JobResults jobs = new JobResults();
  private final UnitWatch watch = new UnitWatch();
  private final ScheduledExecutorService scheduler;
  private final BlueChiBus bus;
  private final Set<CompletableFuture<WorkResult>> underWay = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public BlueChiExecutor(BlueChiSettings settings) {
    this.settings = settings;
    this.files = new QuadletFiles(settings);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "piccolo-bluechi");
              t.setDaemon(true);
              return t;
            });
    this.bus =
        new BlueChiBus(
            settings.busAddress(),
            settings.callTimeout(),
            jobs,
            new BlueChiBus.Listener() {
              @Override
              public void connected(Session session) {
                resubscribe(session);
              }

              @Override
              public void unitStateChanged(BlueChiMonitor.UnitStateChanged signal) {
                watch.changed(signal);
              }
            },
            scheduler);
  }

  @Override
  public String name() {
    return "bluechi";
  }

  @Override
  public Set<String> actions() {
    return ACTIONS;
  }

  @Override
  public Targeting targeting() {
    return Targeting.PACKAGE_MODELS;
  }

  /** Connects when BlueChi is there; when not, keeps trying in the background. */
  @Override
  public CompletionStage<Void> start() {
    return bus.session()
        .handle(
            (s, e) -> {
              if (e != null) {
                bus.keepConnecting();
              }
              return null;
            });
  }

  /**
   * Takes no new work, lets the work under way end (each ends by its timeouts at the latest), then
   * closes the connection.
   */
  @Override
  public CompletionStage<Void> stop() {
    stopping = true;
    // closed off dbus-java's threads: the last work may end on one, and it cannot close itself
    return CompletableFuture.allOf(underWay.toArray(CompletableFuture[]::new))
        .handleAsync(
            (v, e) -> {
              bus.close();
              jobs.failAll(new TransientFailure("the BlueChi executor stopped"));
              scheduler.shutdownNow();
              return null;
            });
  }

  @Override
  public void observe(Consumer<ObservedState> states) {
    watch.observe(states);
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
    if (stopping) {
      return CompletableFuture.failedFuture(
          new TransientFailure("the BlueChi executor is stopping: it takes no new work"));
    }
    long started = System.nanoTime();
    CompletableFuture<WorkResult> result = new CompletableFuture<>();
    underWay.add(result);
    result.whenComplete((r, e) -> underWay.remove(result));
    run(work)
        .whenComplete(
            (ending, error) -> {
              Duration took = Duration.ofNanos(System.nanoTime() - started);
              if (error == null) {
                result.complete(new WorkResult(ending.outcome, ending.reason, took, ending.state));
                return;
              }
              Throwable cause =
                  bus.classify(work.action() + " " + work.target().modelName(), error);
              if (cause instanceof TransientFailure) {
                result.completeExceptionally(cause);
              } else {
                result.complete(WorkResult.failed(BlueChiBus.message(cause), took));
              }
            });
    return result;
  }

  /** How one unit of work ended, before its duration is known. */
  private record Ending(WorkResult.Outcome outcome, String reason, String state) {
    static Ending succeeded(String reason, String state) {
      return new Ending(WorkResult.Outcome.SUCCEEDED, reason, state);
    }
  }

  private CompletableFuture<Ending> run(Work work) {
    ModelTarget target = work.target();
    if (!ACTIONS.contains(work.action())) {
      return CompletableFuture.failedFuture(
          new WorkRefused("BlueChi does not carry out '" + work.action() + "'"));
    }
    if (target.node() == null) {
      return CompletableFuture.failedFuture(
          new WorkRefused(
              "Model "
                  + target.modelName()
                  + " names no node: BlueChi runs a unit on a node, so its Package must place it"
                  + " on one (models[].node)"));
    }
    return bus.session()
        .thenCompose(
            session ->
                node(session, target.node())
                    .thenCompose(
                        node ->
                            switch (work.action()) {
                              case "launch" -> launch(session, node, target);
                              case "terminate" -> terminate(session, node, target);
                              default -> restart(session, node, target);
                            }));
  }

  private CompletableFuture<Ending> launch(Session session, BlueChiNode node, ModelTarget target) {
    UnitKey key = key(target);
    return activeState(session, node, key.unit())
        .thenCompose(
            state -> {
              if ("active".equals(state)) {
                return watchRunning(session, key, target.modelName())
                    .thenApply(v -> Ending.succeeded("already running", "running"));
              }
              return writeFiles(session, node, target)
                  .thenCompose(v -> runJob(session, node, key, target, "startUnit", "start"));
            });
  }

  private CompletableFuture<Ending> restart(Session session, BlueChiNode node, ModelTarget target) {
    UnitKey key = key(target);
    return writeFiles(session, node, target)
        .thenCompose(v -> runJob(session, node, key, target, "restartUnit", "restart"));
  }

  private CompletableFuture<Ending> terminate(
      Session session, BlueChiNode node, ModelTarget target) {
    UnitKey key = key(target);
    UInt32 subscription = watch.forget(key);
    return unsubscribe(session, subscription)
        .thenCompose(v -> activeState(session, node, key.unit()))
        .thenCompose(
            state -> {
              if ("inactive".equals(state) || "failed".equals(state)) {
                return CompletableFuture.completedFuture(false);
              }
              return job(session, node, "stopUnit", "stop", key)
                  .thenApply(v -> true)
                  .whenComplete(
                      (stopped, error) -> {
                        if (error != null) {
                          watchRunning(session, key, target.modelName());
                        }
                      });
            })
        .thenCompose(
            stopped ->
                removeFiles(session, node, key, target.modelName())
                    .thenApply(v -> Ending.succeeded(stopped ? null : "not running", "exited")));
  }

  /** Starts or restarts the unit as one watched job: running once BlueChi says it is done. */
  private CompletableFuture<Ending> runJob(
      Session session,
      BlueChiNode node,
      UnitKey key,
      ModelTarget target,
      String method,
      String verb) {
    watch.jobStarting(key, target.modelName());
    return subscribe(session, key)
        .thenCompose(v -> job(session, node, method, verb, key))
        .handle(
            (v, error) -> {
              if (error != null) {
                unsubscribe(session, watch.forget(key));
                throw new CompletionException(error);
              }
              watch.jobEnded(key, "running");
              return Ending.succeeded(null, "running");
            });
  }

  /** Queues one job and waits for its {@code JobRemoved}; anything but {@code done} fails. */
  private CompletableFuture<Void> job(
      Session session, BlueChiNode node, String method, String verb, UnitKey key) {
    String what = verb + " " + key.unit() + " on node " + key.node();
    return session
        .<DBusPath>call(what, node, method, key.unit(), "replace")
        .thenCompose(
            path ->
                jobs.await(path.getPath())
                    .orTimeout(settings.jobTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle(
                        (result, error) -> {
                          if (error instanceof TimeoutException) {
                            jobs.forget(path.getPath());
                            throw new CompletionException(
                                new TransientFailure(
                                    "BlueChi's job to "
                                        + what
                                        + " did not end within "
                                        + BlueChiBus.millis(settings.jobTimeout())));
                          }
                          if (error != null) {
                            throw new CompletionException(error);
                          }
                          if (!"done".equals(result)) {
                            throw new WorkRefused(
                                "BlueChi's job to " + what + " ended '" + result + "'");
                          }
                          return null;
                        }));
  }

  private CompletableFuture<BlueChiNode> node(Session session, String name) {
    return session
        .<DBusPath>call("find node " + name, session.controller, "getNode", name)
        .thenApply(path -> session.node(path.getPath()))
        .exceptionallyCompose(
            error -> {
              Throwable cause = bus.classify("find node " + name, error);
              if (cause instanceof TransientFailure) {
                return CompletableFuture.failedFuture(cause);
              }
              return session
                  .<List<NodeInfo>>call("list nodes", session.controller, "listNodes")
                  .thenApply(nodes -> unknownNode(name, nodes, cause));
            });
  }

  private BlueChiNode unknownNode(String name, List<NodeInfo> nodes, Throwable cause) {
    List<String> known = nodes.stream().map(NodeInfo::getName).sorted().toList();
    if (known.contains(name)) {
      throw new WorkRefused(BlueChiBus.message(cause));
    }
    throw new WorkRefused(
        "node '"
            + name
            + "' is not known to BlueChi at "
            + bus.address()
            + (known.isEmpty()
                ? "; it knows no nodes"
                : "; it knows " + known.stream().collect(Collectors.joining(", ")))
            + ": name one of them in the Package, or add the node to BlueChi");
  }

  private static CompletableFuture<String> activeState(
      Session session, BlueChiNode node, String unit) {
    return session
        .<Variant<?>>call(
            "read the state of " + unit,
            node,
            "getUnitProperty",
            unit,
            UNIT_INTERFACE,
            "ActiveState")
        .thenApply(value -> String.valueOf(value.getValue()));
  }

  private CompletableFuture<Void> writeFiles(
      Session session, BlueChiNode node, ModelTarget target) {
    boolean changed;
    try {
      changed = files.write(target);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new WorkRefused(
              "cannot write the Quadlet files of "
                  + target.modelName()
                  + " into "
                  + settings.quadletFolder(target.node())
                  + ": "
                  + BlueChiBus.message(e)));
    }
    return changed ? reload(session, node, target.node()) : CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> removeFiles(
      Session session, BlueChiNode node, UnitKey key, String model) {
    boolean removed;
    try {
      removed = files.remove(key.node(), model);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(
          new WorkRefused(
              "cannot remove the Quadlet files of "
                  + model
                  + " from "
                  + settings.quadletFolder(key.node())
                  + ": "
                  + BlueChiBus.message(e)));
    }
    return removed ? reload(session, node, key.node()) : CompletableFuture.completedFuture(null);
  }

  /** systemd's daemon-reload on the node: the Quadlet generator turns files into units. */
  private static CompletableFuture<Void> reload(Session session, BlueChiNode node, String name) {
    return session.<Object>call("reload node " + name, node, "reload").thenApply(v -> null);
  }

  private CompletableFuture<Void> watchRunning(Session session, UnitKey key, String model) {
    watch.jobStarting(key, model);
    watch.jobEnded(key, "running");
    return subscribe(session, key);
  }

  private CompletableFuture<Void> subscribe(Session session, UnitKey key) {
    if (watch.subscription(key) != null) {
      return CompletableFuture.completedFuture(null);
    }
    return session
        .<UInt32>call("watch " + key.unit(), session.monitor(), "subscribe", key.node(), key.unit())
        .thenAccept(id -> watch.subscribed(key, id));
  }

  private static CompletableFuture<Void> unsubscribe(Session session, UInt32 subscription) {
    if (subscription == null) {
      return CompletableFuture.completedFuture(null);
    }
    // a subscription that is gone already is as good as cancelled
    return session
        .<Object>call("stop watching", session.monitor(), "unsubscribe", subscription)
        .handle((v, e) -> null);
  }

  /**
   * On a new connection: subscribe to every watched unit again, and read its state, so a unit that
   * stopped while the connection was down is told now.
   */
  private void resubscribe(Session session) {
    watch.subscriptionsLost();
    for (UnitKey key : watch.keys()) {
      node(session, key.node())
          .thenCompose(
              node ->
                  subscribe(session, key).thenCompose(v -> activeState(session, node, key.unit())))
          .thenAccept(state -> watch.changed(key, state, "read after reconnecting"));
    }
  }

  private static UnitKey key(ModelTarget target) {
    return new UnitKey(target.node(), QuadletFiles.unitName(target.modelName()));
  }
}
