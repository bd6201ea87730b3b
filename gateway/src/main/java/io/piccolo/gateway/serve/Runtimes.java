package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.bluechi.BlueChiExecutor;
import io.piccolo.adapters.bluechi.BlueChiSettings;
import io.piccolo.adapters.container.RuntimeOptions;
import io.piccolo.adapters.dispatch.Routes;
import io.piccolo.adapters.docker.DockerExecutor;
import io.piccolo.adapters.dryrun.DryRunExecutor;
import io.piccolo.adapters.podman.PodmanExecutor;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.gateway.settings.NodeRuntime;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.scheduler.Restarts;
import io.piccolo.scheduler.TimpaniExecutor;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place a runtime's name becomes its executor: each runtime this build carries out has a
 * factory here, one line each. A name the settings allow but this build has no factory for is
 * refused at start, never quietly replaced by the dry run.
 */
public final class Runtimes {
  /** Makes one runtime's executor for one socket. */
  @FunctionalInterface
  public interface Factory {
    /**
     * @param socket the runtime's API socket, or null for its own default
     * @param log told each line the executor has for the operator
     */
    Executor create(Vertx vertx, Path socket, Settings settings, Consumer<String> log);
  }

  /**
   * Makes an executor that works beside every node's runtime, for actions of its own (TIMPANI's
   * {@code schedule}).
   */
  @FunctionalInterface
  public interface CompanionFactory {
    Executor create(Companion context);
  }

  /**
   * What a companion executor is given in serve.
   *
   * @param evaluator the live evaluator, for the facts the executor sees (null until it runs)
   * @param events the event hub, for what the executor does by itself
   * @param restarts stops and launches a workload again through serve's dispatcher
   */
  public record Companion(
      StateStore store,
      Supplier<LiveEvaluator> evaluator,
      MeterRegistry meters,
      Consumer<String> log,
      EventHub events,
      Restarts restarts) {}

  private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();
  private static final Map<String, CompanionFactory> COMPANIONS = new LinkedHashMap<>();

  /** Where each container runtime's API listens when the settings name no socket. */
  static final Map<String, Path> DEFAULT_SOCKETS =
      Map.of(
          PodmanExecutor.NAME, Path.of("/run/podman/podman.sock"),
          DockerExecutor.NAME, Path.of("/var/run/docker.sock"));

  static {
    FACTORIES.put(
        DryRunExecutor.NAME, (vertx, socket, settings, log) -> new DryRunExecutor(List.of(), log));
    FACTORIES.put(
        PodmanExecutor.NAME,
        (v, socket, s, log) -> new PodmanExecutor(v, on(PodmanExecutor.NAME, socket, s)));
    FACTORIES.put(
        DockerExecutor.NAME,
        (v, socket, s, log) -> new DockerExecutor(v, on(DockerExecutor.NAME, socket, s)));
    FACTORIES.put(
        "bluechi",
        (v, bus, s, log) ->
            new BlueChiExecutor(
                bus == null
                    ? BlueChiSettings.defaults()
                    : BlueChiSettings.defaults().withBusAddress(bus.toString())));
    COMPANIONS.put(TimpaniExecutor.NAME, TimpaniFacts::executor);
  }

  /** A container runtime's options: its socket (or its default one), calls bounded as work is. */
  private static RuntimeOptions on(String runtime, Path socket, Settings settings) {
    Path path = socket != null ? socket : DEFAULT_SOCKETS.get(runtime);
    return RuntimeOptions.of(path.toString())
        .withCallTimeout(settings.get(Settings.ACTION_TIMEOUT));
  }

  private Runtimes() {}

  /** The runtimes this build can carry work out on. */
  public static List<String> available() {
    return List.copyOf(FACTORIES.keySet());
  }

  /**
   * Checks that every runtime the settings name is one this build carries out.
   *
   * @throws IllegalArgumentException naming the setting and the runtime
   */
  public static void check(Settings settings) {
    factory(settings.get(Settings.RUNTIME), Settings.RUNTIME.name());
    checkBus(
        settings.get(Settings.RUNTIME), settings.get(Settings.RUNTIME_SOCKET), "runtime.socket");
    settings
        .get(Settings.RUNTIME_NODES)
        .forEach(
            (node, r) -> {
              String setting = Settings.RUNTIME_NODES.name() + "." + node;
              factory(r.runtime(), setting);
              checkBus(r.runtime(), r.socket(), setting + ".socket");
            });
  }

  /** BlueChi's "socket" is a D-Bus address: one it cannot use is refused at start, by setting. */
  private static void checkBus(String runtime, Path bus, String setting) {
    if ("bluechi".equals(runtime) && bus != null) {
      try {
        BlueChiSettings.defaults().withBusAddress(bus.toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The executors of every node: one per runtime and socket, shared by the nodes that name the
   * same.
   */
  static Routes routes(Vertx vertx, Settings settings, Consumer<String> log) {
    return routes(vertx, settings, log, null, null);
  }

  /**
   * As {@link #routes(Vertx, Settings, Consumer)}, each node's runtime with the network executors
   * the settings name beside it, and the companions (TIMPANI) beside them when given what they
   * need.
   */
  static Routes routes(
      Vertx vertx,
      Settings settings,
      Consumer<String> log,
      NetworkExecutors networks,
      Companion companion) {
    check(settings);
    List<Executor> companions = new ArrayList<>();
    if (companion != null) {
      COMPANIONS.values().forEach(f -> companions.add(f.create(companion)));
    }
    Map<NodeRuntime, Executor> made = new HashMap<>();
    NodeRuntime fallback =
        new NodeRuntime(settings.get(Settings.RUNTIME), settings.get(Settings.RUNTIME_SOCKET));
    Executor defaults = executor(made, fallback, vertx, settings, log);
    java.util.function.Function<Executor, List<Executor>> onNode =
        networks == null ? List::of : networks::around;
    Map<String, List<Executor>> byNode = new LinkedHashMap<>();
    settings
        .get(Settings.RUNTIME_NODES)
        .forEach(
            (node, r) -> {
              List<Executor> own =
                  new ArrayList<>(onNode.apply(executor(made, r, vertx, settings, log)));
              own.addAll(companions);
              byNode.put(node, own);
            });
    List<Executor> all = new ArrayList<>(onNode.apply(defaults));
    all.addAll(companions);
    return Routes.of(all, byNode);
  }

  private static Executor executor(
      Map<NodeRuntime, Executor> made,
      NodeRuntime runtime,
      Vertx vertx,
      Settings settings,
      Consumer<String> log) {
    return made.computeIfAbsent(
        runtime,
        r -> {
          Path socket = r.socket() != null ? r.socket() : DEFAULT_SOCKETS.get(r.runtime());
          if (socket != null && !java.nio.file.Files.exists(socket)) {
            log.accept(
                r.runtime()
                    + "'s API socket "
                    + socket
                    + " does not exist (yet): its work fails until the runtime answers there"
                    + " (docs/operations.md#container-runtimes says how to start it)");
          }
          return factory(r.runtime(), "").create(vertx, r.socket(), settings, log);
        });
  }

  private static Factory factory(String name, String setting) {
    Factory f = FACTORIES.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          (setting.isEmpty() ? "" : setting + ": ")
              + "the runtime '"
              + name
              + "' cannot carry out work in serve yet; the runtimes serve carries work out on: "
              + String.join(", ", available()));
    }
    return f;
  }
}
