package io.piccolo.adapters.docker;

import io.piccolo.adapters.container.Deployment;
import io.piccolo.adapters.container.PiccoloLabels;
import io.piccolo.adapters.container.PodPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Model's containers as the Docker API lists them (those with its {@code io.piccolo.model}). */
record ModelContainers(JsonArray list) implements Deployment {
  static final ModelContainers NONE = new ModelContainers(new JsonArray());

  @Override
  public boolean present() {
    return !list.isEmpty();
  }

  @Override
  public boolean sameDocument(PodPlan plan) {
    for (JsonObject container : containers()) {
      if (!plan.digest().equals(labels(container).get(PiccoloLabels.MODEL_DIGEST))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean allRunning(PodPlan plan) {
    Map<String, String> states = states();
    return plan.containers().stream().allMatch(c -> "running".equals(states.get(c.name())));
  }

  @Override
  public boolean anyRunning() {
    return states().containsValue("running");
  }

  List<JsonObject> containers() {
    return list.stream().map(JsonObject.class::cast).toList();
  }

  /** Container name → state. */
  Map<String, String> states() {
    Map<String, String> states = new HashMap<>();
    for (JsonObject container : containers()) {
      states.put(name(container), container.getString("State"));
    }
    return states;
  }

  /** The container's name without the slash Docker puts before it. */
  static String name(JsonObject container) {
    JsonArray names = container.getJsonArray("Names", new JsonArray());
    String name = names.isEmpty() ? container.getString("Id") : names.getString(0);
    return name.startsWith("/") ? name.substring(1) : name;
  }

  static Map<String, String> labels(JsonObject container) {
    return PiccoloLabels.of(container.getJsonObject("Labels"));
  }
}
