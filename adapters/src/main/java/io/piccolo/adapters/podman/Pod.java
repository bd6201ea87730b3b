package io.piccolo.adapters.podman;

import io.piccolo.adapters.container.Deployment;
import io.piccolo.adapters.container.PiccoloLabels;
import io.piccolo.adapters.container.PodPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A Model's pod as Podman inspects it, or none ({@code inspection} null). */
record Pod(JsonObject inspection) implements Deployment {
  static final Pod NONE = new Pod(null);

  @Override
  public boolean present() {
    return inspection != null;
  }

  @Override
  public boolean sameDocument(PodPlan plan) {
    return inspection == null || plan.digest().equals(digest());
  }

  @Override
  public boolean allRunning(PodPlan plan) {
    List<String> running = new ArrayList<>();
    for (JsonObject container : appContainers()) {
      if ("running".equals(container.getString("State"))) {
        running.add(container.getString("Name"));
      }
    }
    return plan.containers().stream().allMatch(c -> running.contains(c.name()));
  }

  @Override
  public boolean anyRunning() {
    return appContainers().stream().anyMatch(c -> "running".equals(c.getString("State")));
  }

  List<String> containerNames() {
    return appContainers().stream().map(c -> c.getString("Name")).toList();
  }

  /** The pod's containers other than its infra container. */
  List<JsonObject> appContainers() {
    if (inspection == null) {
      return List.of();
    }
    String infra = inspection.getString("InfraContainerID", "");
    List<JsonObject> containers = new ArrayList<>();
    for (Object item : inspection.getJsonArray("Containers", new JsonArray())) {
      JsonObject container = (JsonObject) item;
      if (!infra.equals(container.getString("Id"))) {
        containers.add(container);
      }
    }
    return containers;
  }

  String infraContainer() {
    String infra = inspection == null ? null : inspection.getString("InfraContainerID");
    return infra == null || infra.isEmpty() ? null : infra;
  }

  private String digest() {
    return PiccoloLabels.of(inspection.getJsonObject("Labels")).get(PiccoloLabels.MODEL_DIGEST);
  }
}
