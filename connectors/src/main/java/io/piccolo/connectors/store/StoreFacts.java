package io.piccolo.connectors.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.engine.fact.ModelSpec;
import io.piccolo.engine.fact.PackageSpec;
import io.piccolo.engine.fact.PolicySpec;
import io.piccolo.engine.fact.ResourceState;
import io.piccolo.engine.state.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Stored Packages, Models and Policies, and every recorded state, as facts rules can match ({@code
 * PackageSpec}, {@code ModelSpec}, {@code PolicySpec}, {@code ScenarioState}, {@code PackageState},
 * {@code ModelState}), kept current by watches.
 */
public final class StoreFacts {
  private StoreFacts() {}

  /**
   * @param facts told a group name and all of its facts by key, at once and after every change
   */
  public static StateStore.Watch follow(StateStore store, BiConsumer<String, Map<String, ?>> facts)
      throws StoreException {
    List<StateStore.Watch> watches = new ArrayList<>();
    try {
      watches.add(artifacts(store, "Package", StoreFacts::packageSpec, facts));
      watches.add(artifacts(store, "Model", StoreFacts::modelSpec, facts));
      watches.add(artifacts(store, "Policy", StoreFacts::policySpec, facts));
      for (ResourceKind kind : ResourceKind.values()) {
        watches.add(
            store.watchStates(
                kind,
                states -> {
                  Map<String, Object> byName = new LinkedHashMap<>();
                  states.forEach(
                      (name, state) -> byName.put(name, ResourceState.of(kind, name, state)));
                  facts.accept(kind.name() + " states", byName);
                }));
      }
    } catch (StoreException e) {
      watches.forEach(StateStore.Watch::close);
      throw e;
    }
    return () -> watches.forEach(StateStore.Watch::close);
  }

  private static StateStore.Watch artifacts(
      StateStore store,
      String kind,
      Function<StoredArtifact, Object> toFact,
      BiConsumer<String, Map<String, ?>> facts)
      throws StoreException {
    return store.watch(
        kind,
        stored -> {
          Map<String, Object> byName = new LinkedHashMap<>();
          stored.forEach(a -> byName.put(a.name(), toFact.apply(a)));
          facts.accept(kind, byName);
        });
  }

  static PackageSpec packageSpec(StoredArtifact a) {
    JsonNode spec = a.document().path("spec");
    List<String> models = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    spec.path("models")
        .forEach(
            m -> {
              models.add(m.path("name").asText());
              nodes.add(m.path("node").asText());
            });
    return new PackageSpec(
        a.name(), models, nodes, text(spec.path("policy")), text(spec.path("schedule")));
  }

  static ModelSpec modelSpec(StoredArtifact a) {
    JsonNode spec = a.document().path("spec");
    List<String> images = new ArrayList<>();
    spec.path("containers").forEach(c -> images.add(c.path("image").asText()));
    return new ModelSpec(
        a.name(),
        images,
        spec.path("hostNetwork").asBoolean(false),
        text(spec.path("restartPolicy")));
  }

  static PolicySpec policySpec(StoredArtifact a) {
    JsonNode spec = a.document().path("spec");
    List<String> nodes = new ArrayList<>();
    spec.at("/placement/availableNodes").forEach(n -> nodes.add(n.asText()));
    JsonNode threshold = spec.at("/procedure/trigger/resourceThreshold");
    return new PolicySpec(
        a.name(),
        nodes,
        text(spec.at("/procedure/type")),
        text(spec.at("/procedure/strategy")),
        threshold.path("cpu").isNumber() ? threshold.path("cpu").asDouble() : Double.NaN,
        threshold.path("memory").isNumber() ? threshold.path("memory").asDouble() : Double.NaN);
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
