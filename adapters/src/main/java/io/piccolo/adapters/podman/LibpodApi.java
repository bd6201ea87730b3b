package io.piccolo.adapters.podman;

import io.piccolo.adapters.container.ApiResponse;
import io.piccolo.adapters.container.BindMount;
import io.piccolo.adapters.container.ContainerPlan;
import io.piccolo.adapters.container.PiccoloLabels;
import io.piccolo.adapters.container.PodPlan;
import io.piccolo.adapters.container.PortMapping;
import io.piccolo.adapters.container.RuntimeApi;
import io.piccolo.adapters.container.UnixSocketApi;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The libpod REST API (v4) calls the Podman executor makes, with their request bodies. */
final class LibpodApi {
  static final String PREFIX = "/v4.0.0/libpod";
  private static final long CPU_PERIOD_MICROS = 100_000;

  private final RuntimeApi api;
  private final Duration timeout;

  LibpodApi(UnixSocketApi socket, Duration timeout) {
    this.api = new RuntimeApi(socket, PREFIX, "podman");
    this.timeout = timeout;
  }

  /** The pod's inspection, or null when there is none of that name. */
  Future<JsonObject> pod(String name) {
    return api.call(HttpMethod.GET, "/pods/" + name + "/json", null, timeout)
        .compose(
            r ->
                r.notFound()
                    ? Future.succeededFuture(null)
                    : api.ok(r, "inspect pod " + name).map(ApiResponse::json));
  }

  /** A container's inspection, or null when there is none of that name or id. */
  Future<JsonObject> container(String id) {
    return api.call(HttpMethod.GET, "/containers/" + id + "/json", null, timeout)
        .compose(
            r ->
                r.notFound()
                    ? Future.succeededFuture(null)
                    : api.ok(r, "inspect container " + id).map(ApiResponse::json));
  }

  Future<Boolean> imageExists(String image) {
    return api.call(HttpMethod.GET, "/images/" + encode(image) + "/exists", null, timeout)
        .map(ApiResponse::ok);
  }

  /** Creates the pod; one that exists already (a racing creator) is fine. */
  Future<Void> createPod(PodPlan plan) {
    JsonObject body = new JsonObject().put("name", plan.name()).put("labels", labels(plan));
    if (plan.hostNetwork()) {
      body.put("netns", new JsonObject().put("nsmode", "host"));
    } else if (plan.noNetwork()) {
      body.put("netns", new JsonObject().put("nsmode", "none"));
    }
    if (!plan.ports().isEmpty() && !plan.noNetwork()) { // nothing to publish from loopback
      JsonArray ports = new JsonArray();
      for (PortMapping port : plan.ports()) {
        JsonObject mapping =
            new JsonObject()
                .put("container_port", port.containerPort())
                .put("protocol", port.protocol());
        if (port.hostPort() > 0) {
          mapping.put("host_port", port.hostPort());
        }
        ports.add(mapping);
      }
      body.put("portmappings", ports);
    }
    return api.idempotent(
        HttpMethod.POST,
        "/pods/create",
        body,
        timeout,
        UnixSocketApi.ALREADY_CREATED,
        "create pod " + plan.name());
  }

  /** Creates one container in the pod; one that exists already is fine. */
  Future<Void> createContainer(PodPlan plan, ContainerPlan container) {
    JsonObject body =
        new JsonObject()
            .put("name", container.name())
            .put("pod", plan.name())
            .put("image", container.image())
            .put("labels", labels(plan))
            .put("env", new JsonObject(new java.util.LinkedHashMap<>(container.env())))
            // PICCOLO restarts containers itself, so that each restart is a visible state change.
            .put("restart_policy", "no")
            .put("stop_timeout", plan.gracePeriod().toSeconds());
    if (!container.entrypoint().isEmpty()) {
      body.put("entrypoint", new JsonArray(container.entrypoint()));
    }
    if (!container.cmd().isEmpty()) {
      body.put("command", new JsonArray(container.cmd()));
    }
    if (container.workingDir() != null) {
      body.put("work_dir", container.workingDir());
    }
    if (container.stdin()) {
      body.put("stdin", true);
    }
    if (container.tty()) {
      body.put("terminal", true);
    }
    if (!container.mounts().isEmpty()) {
      JsonArray mounts = new JsonArray();
      for (BindMount mount : container.mounts()) {
        JsonArray options = new JsonArray().add("rbind");
        if (mount.readOnly()) {
          options.add("ro");
        }
        mounts.add(
            new JsonObject()
                .put("type", "bind")
                .put("source", mount.source())
                .put("destination", mount.destination())
                .put("options", options));
      }
      body.put("mounts", mounts);
    }
    JsonObject limits = new JsonObject();
    if (container.memoryBytes() > 0) {
      limits.put("memory", new JsonObject().put("limit", container.memoryBytes()));
    }
    if (container.nanoCpus() > 0) {
      long quota = Math.max(1_000, container.nanoCpus() * CPU_PERIOD_MICROS / 1_000_000_000L);
      limits.put("cpu", new JsonObject().put("quota", quota).put("period", CPU_PERIOD_MICROS));
    }
    if (!limits.isEmpty()) {
      body.put("resource_limits", limits);
    }
    if (!container.capAdd().isEmpty()) {
      body.put("cap_add", new JsonArray(container.capAdd()));
    }
    if (!container.capDrop().isEmpty()) {
      body.put("cap_drop", new JsonArray(container.capDrop()));
    }
    if (container.privileged()) {
      body.put("privileged", true);
    }
    if (container.user() != null) {
      body.put("user", container.user());
    }
    return api.idempotent(
        HttpMethod.POST,
        "/containers/create",
        body,
        timeout,
        UnixSocketApi.ALREADY_CREATED,
        "create container " + container.name());
  }

  Future<Void> startPod(String name) {
    return api.idempotent(
        HttpMethod.POST,
        "/pods/" + name + "/start",
        null,
        timeout,
        UnixSocketApi.ALREADY_STARTED,
        "start pod " + name);
  }

  Future<Void> startContainer(String id) {
    return api.idempotent(
        HttpMethod.POST,
        "/containers/" + id + "/start",
        null,
        timeout,
        UnixSocketApi.ALREADY_STARTED,
        "start container " + id);
  }

  /** Stops every container of the pod, each killed after {@code grace}. */
  Future<Void> stopPod(String name, Duration grace) {
    return api.idempotent(
        HttpMethod.POST,
        "/pods/" + name + "/stop?t=" + grace.toSeconds(),
        null,
        timeout.plus(grace),
        UnixSocketApi.ALREADY_STOPPED,
        "stop pod " + name);
  }

  Future<Void> killPod(String name) {
    return api.idempotent(
        HttpMethod.POST,
        "/pods/" + name + "/kill?signal=KILL",
        null,
        timeout,
        UnixSocketApi.ALREADY_KILLED,
        "kill pod " + name);
  }

  /** Removes the pod and its containers; a missing pod is fine. */
  Future<Void> removePod(String name) {
    return api.idempotent(
        HttpMethod.DELETE,
        "/pods/" + name + "?force=true",
        null,
        timeout,
        UnixSocketApi.ALREADY_REMOVED,
        "remove pod " + name);
  }

  /** The containers PICCOLO created, with their labels and states. */
  Future<JsonArray> managedContainers() {
    String filters =
        new JsonObject()
            .put("label", new JsonArray().add(PiccoloLabels.MANAGED + "=true"))
            .encode();
    return api.call(
            HttpMethod.GET, "/containers/json?all=true&filters=" + encode(filters), null, timeout)
        .compose(r -> api.ok(r, "list containers").map(ApiResponse::jsonArray));
  }

  /** The event stream's URI: container events of what PICCOLO created, from {@code since} on. */
  static String eventsUri(String since) {
    String filters =
        new JsonObject()
            .put("type", new JsonArray().add("container"))
            .put("label", new JsonArray().add(PiccoloLabels.MANAGED + "=true"))
            .encode();
    return PREFIX
        + "/events?stream=true&filters="
        + encode(filters)
        + (since == null ? "" : "&since=" + since);
  }

  private static JsonObject labels(PodPlan plan) {
    return new JsonObject(new java.util.LinkedHashMap<>(plan.labels()));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
