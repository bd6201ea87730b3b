package io.piccolo.adapters.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.DecidedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an allowed decision into units of work from the store as it is when the decision is taken
 * up: a Package target becomes one unit per Model it lists, on the Model's node, through the
 * executor routed there. {@code rollback} makes the Package's previous version current again (as a
 * new version, as {@code simulate} does) and runs each of its Models at the version before its
 * current one, which becomes current in turn; a Model with no earlier version runs as it is.
 */
final class Resolver {
  static final String ROLLBACK = "rollback";
  static final String TERMINATE = "terminate";

  /** The action of warm-start work, in the meters and the Models' states. */
  static final String PREPARE = "prepare";

  private final StateStore store;
  private final Routes routes;

  Resolver(StateStore store, Routes routes) {
    this.store = store;
    this.routes = routes;
  }

  Resolution resolve(Dispatched request) {
    DecidedAction d = request.decision();
    Executor any = routes.anyFor(d.action());
    if (any == null) {
      return Resolution.failed(
          "no executor carries out '" + d.action() + "' (executors: " + routes.describe() + ")");
    }
    try {
      return any.targeting() == Targeting.MODEL ? model(request) : packageModels(request);
    } catch (StoreException e) {
      return Resolution.failed("the store could not be read: " + e.getMessage());
    }
  }

  private Resolution model(Dispatched request) throws StoreException {
    DecidedAction d = request.decision();
    String lane = "Model/" + d.target();
    Optional<StoredArtifact> model = store.get(new ArtifactRef("Model", d.target()));
    if (model.isEmpty()) {
      return Resolution.failed("Model/" + d.target() + " is not in the store: apply it first");
    }
    StoredArtifact doc = d.action().equals(ROLLBACK) ? rolledBack(model.get()) : model.get();
    return new Resolution(lane, List.of(unit(request, null, doc, null)), null);
  }

  private Resolution packageModels(Dispatched request) throws StoreException {
    DecidedAction d = request.decision();
    ArtifactRef ref = new ArtifactRef("Package", d.target());
    Optional<StoredArtifact> stored = store.get(ref);
    if (stored.isEmpty()) {
      return Resolution.failed(ref + " is not in the store: apply it first");
    }
    StoredArtifact pkg = stored.get();
    boolean rollback = d.action().equals(ROLLBACK);
    if (rollback) {
      if (store.history(ref).size() < 2) {
        return Resolution.failed(ref + " has no earlier version to roll back to");
      }
      pkg = store.rollback(ref);
    }
    List<Unit> units = new ArrayList<>();
    for (JsonNode entry : pkg.document().path("spec").path("models")) {
      String name = entry.path("name").asText();
      String node = entry.path("node").isTextual() ? entry.path("node").asText() : null;
      Optional<StoredArtifact> model = store.get(new ArtifactRef("Model", name));
      if (model.isEmpty()) {
        units.add(
            Unit.failed(name, node, "Model/" + name + " is not in the store: apply it first"));
        continue;
      }
      units.add(unit(request, pkg.name(), rollback ? rolledBack(model.get()) : model.get(), node));
    }
    if (units.isEmpty()) {
      return Resolution.failed(ref + " lists no models");
    }
    return new Resolution("Package/" + d.target(), units, null, warm(pkg));
  }

  /** Whether a Package asks for its Models to be prepared ahead of a launch. */
  static boolean warm(StoredArtifact pkg) {
    return pkg.document().path("spec").path("warm").asBoolean(false);
  }

  /**
   * The warm start of a Package: one unit per Model whose node's executor prepares Models ({@link
   * WarmStart}); Models elsewhere (the dry run) and Models not stored are left out.
   */
  List<Unit> prepare(StoredArtifact pkg, String requestId) throws StoreException {
    List<Unit> units = new ArrayList<>();
    for (JsonNode entry : pkg.document().path("spec").path("models")) {
      String name = entry.path("name").asText();
      String node = entry.path("node").isTextual() ? entry.path("node").asText() : null;
      Executor executor = routes.find(node, "launch");
      Optional<StoredArtifact> model = store.get(new ArtifactRef("Model", name));
      if (!(executor instanceof WarmStart) || model.isEmpty()) {
        continue;
      }
      Work work =
          new Work(
              requestId, PREPARE, null, new ModelTarget(pkg.name(), model.get(), node), Map.of());
      units.add(new Unit(work, executor, name, node, null));
    }
    return units;
  }

  private StoredArtifact rolledBack(StoredArtifact current) throws StoreException {
    ArtifactRef ref = new ArtifactRef(current.kind(), current.name());
    return store.history(ref).size() < 2 ? current : store.rollback(ref);
  }

  private Unit unit(Dispatched request, String packageName, StoredArtifact model, String node) {
    DecidedAction d = request.decision();
    Executor executor = routes.find(node, d.action());
    if (executor == null) {
      return Unit.failed(
          model.name(),
          node,
          "no executor for "
              + (node == null ? "the default node" : "node " + node)
              + " carries out '"
              + d.action()
              + "'");
    }
    Work work =
        new Work(
            request.requestId(),
            d.action(),
            d.scenario(),
            new ModelTarget(packageName, model, node),
            d.params());
    return new Unit(work, executor, model.name(), node, null);
  }
}
