package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.adapters.Executor;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.network.NetworkJoining;
import io.piccolo.network.Pharos;
import io.piccolo.network.PharosExecutor;
import io.piccolo.network.UsageReader;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code network.executor} adds to each node's executors: nothing, or PHAROS, which carries
 * out {@code qos} and joins the Models a node's runtime launches to their networks. One PHAROS
 * serves every node of this process; its counters reach the evaluator as the {@code network-usage}
 * fact group.
 */
final class NetworkExecutors {
  static final String USAGE_FACTS = "network-usage";

  private final PharosExecutor pharos;
  private final Map<Executor, Executor> joined = new IdentityHashMap<>();

  private NetworkExecutors(PharosExecutor pharos) {
    this.pharos = pharos;
  }

  static NetworkExecutors of(
      Settings settings,
      StateStore store,
      MeterRegistry meters,
      Supplier<LiveEvaluator> evaluator,
      Consumer<String> log) {
    if (!settings.get(Settings.NETWORK_EXECUTOR).equals(PharosExecutor.NAME)) {
      return new NetworkExecutors(null);
    }
    UsageReader usage =
        new UsageReader(
            meters,
            facts -> {
              LiveEvaluator live = evaluator.get();
              if (live != null) {
                live.replaceFacts(USAGE_FACTS, facts);
              }
            },
            log,
            System::nanoTime);
    Pharos core =
        new Pharos(
            name -> store.get(new ArtifactRef("Network", name)).map(a -> a.document().path("spec")),
            usage,
            settings.get(Settings.NETWORK_INTERVAL));
    return new NetworkExecutors(new PharosExecutor(core));
  }

  /** A node's executors around its runtime: PHAROS first, so it takes {@code qos}. */
  List<Executor> around(Executor runtime) {
    if (pharos == null) {
      return List.of(runtime);
    }
    Executor wrapped = joined.computeIfAbsent(runtime, r -> NetworkJoining.around(r, pharosCore()));
    return List.of(pharos, wrapped);
  }

  private Pharos pharosCore() {
    return pharos.pharos();
  }
}
