package io.piccolo.adapters.docker;

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
import java.util.LinkedHashMap;

/** The Docker Engine API (v1.41) calls the Docker executor makes, with their request bodies. */
final class DockerApi {
  static final String PREFIX = "/v1.41";

  private final RuntimeApi api;
  private final Duration timeout;

  DockerApi(UnixSocketApi socket, Duration timeout) {
    this.api = new RuntimeApi(socket, PREFIX, "docker");
    this.timeout = timeout;
  }

  Future<Boolean> imageExists(String image) {
    return api.call(HttpMethod.GET, "/images/" + image + "/json", null, timeout)
        .map(ApiResponse::ok);
  }

  /** The Model's containers, running or not, with their names, states and labels. */
  Future<JsonArray> containersOf(String model) {
    return list(PiccoloLabels.MODEL + "=" + model);
  }

  /** Every container PICCOLO created. */
  Future<JsonArray> managedContainers() {
    return list(PiccoloLabels.MANAGED + "=true");
  }

  /** Creates one container; one that exists already (a racing creator) is fine. */
  Future<Void> create(PodPlan plan, ContainerPlan container) {
    JsonArray env = new JsonArray();
    container.env().forEach((name, value) -> env.add(name + "=" + value));
    JsonObject host =
        new JsonObject()
            // PICCOLO restarts containers itself, so that each restart is a visible state change.
            .put("RestartPolicy", new JsonObject().put("Name", "no"));
    JsonObject body =
        new JsonObject()
            .put("Image", container.image())
            .put("Env", env)
            .put("Labels", new JsonObject(new LinkedHashMap<>(plan.labels())))
            .put("StopTimeout", plan.gracePeriod().toSeconds())
            .put("OpenStdin", container.stdin())
            .put("Tty", container.tty())
            .put("HostConfig", host);
    if (!container.entrypoint().isEmpty()) {
      body.put("Entrypoint", new JsonArray(container.entrypoint()));
    }
    if (!container.cmd().isEmpty()) {
      body.put("Cmd", new JsonArray(container.cmd()));
    }
    if (container.workingDir() != null) {
      body.put("WorkingDir", container.workingDir());
    }
    if (container.user() != null) {
      body.put("User", container.user());
    }
    if (plan.hostNetwork()) {
      host.put("NetworkMode", "host");
    } else if (plan.noNetwork()) {
      host.put("NetworkMode", "none");
    } else if (!container.ports().isEmpty()) {
      JsonObject exposed = new JsonObject();
      JsonObject bindings = new JsonObject();
      for (PortMapping port : container.ports()) {
        String key = port.containerPort() + "/" + port.protocol();
        exposed.put(key, new JsonObject());
        bindings.put(
            key,
            new JsonArray()
                .add(
                    new JsonObject()
                        .put(
                            "HostPort",
                            port.hostPort() > 0 ? Integer.toString(port.hostPort()) : "")));
      }
      body.put("ExposedPorts", exposed);
      host.put("PortBindings", bindings);
    }
    if (!container.mounts().isEmpty()) {
      JsonArray mounts = new JsonArray();
      for (BindMount mount : container.mounts()) {
        mounts.add(
            new JsonObject()
                .put("Type", "bind")
                .put("Source", mount.source())
                .put("Target", mount.destination())
                .put("ReadOnly", mount.readOnly()));
      }
      host.put("Mounts", mounts);
    }
    if (container.memoryBytes() > 0) {
      host.put("Memory", container.memoryBytes());
    }
    if (container.nanoCpus() > 0) {
      host.put("NanoCpus", container.nanoCpus());
    }
    if (!container.capAdd().isEmpty()) {
      host.put("CapAdd", new JsonArray(container.capAdd()));
    }
    if (!container.capDrop().isEmpty()) {
      host.put("CapDrop", new JsonArray(container.capDrop()));
    }
    if (container.privileged()) {
      host.put("Privileged", true);
    }
    return api.idempotent(
        HttpMethod.POST,
        "/containers/create?name=" + container.name(),
        body,
        timeout,
        UnixSocketApi.ALREADY_CREATED,
        "create container " + container.name());
  }

  Future<Void> start(String id) {
    return api.idempotent(
        HttpMethod.POST,
        "/containers/" + id + "/start",
        null,
        timeout,
        UnixSocketApi.ALREADY_STARTED,
        "start container " + id);
  }

  /** Stops the container, killed after {@code grace}. */
  Future<Void> stop(String id, Duration grace) {
    return api.idempotent(
        HttpMethod.POST,
        "/containers/" + id + "/stop?t=" + grace.toSeconds(),
        null,
        timeout.plus(grace),
        UnixSocketApi.ALREADY_STOPPED,
        "stop container " + id);
  }

  Future<Void> kill(String id) {
    return api.idempotent(
        HttpMethod.POST,
        "/containers/" + id + "/kill",
        null,
        timeout,
        UnixSocketApi.ALREADY_KILLED,
        "kill container " + id);
  }

  /** A container's inspection, or null when there is none of that name or id. */
  Future<JsonObject> inspect(String id) {
    return api.call(HttpMethod.GET, "/containers/" + id + "/json", null, timeout)
        .compose(
            r ->
                r.notFound()
                    ? Future.succeededFuture(null)
                    : api.ok(r, "inspect container " + id).map(ApiResponse::json));
  }

  Future<Void> remove(String id) {
    return api.idempotent(
        HttpMethod.DELETE,
        "/containers/" + id + "?force=true",
        null,
        timeout,
        UnixSocketApi.ALREADY_REMOVED,
        "remove container " + id);
  }

  /** The event stream's URI: container events of what PICCOLO created, from {@code since} on. */
  static String eventsUri(String since) {
    String filters =
        new JsonObject()
            .put("type", new JsonArray().add("container"))
            .put("label", new JsonArray().add(PiccoloLabels.MANAGED + "=true"))
            .encode();
    return PREFIX + "/events?filters=" + encode(filters) + (since == null ? "" : "&since=" + since);
  }

  private Future<JsonArray> list(String label) {
    String filters = new JsonObject().put("label", new JsonArray().add(label)).encode();
    return api.call(
            HttpMethod.GET, "/containers/json?all=1&filters=" + encode(filters), null, timeout)
        .compose(r -> api.ok(r, "list containers").map(ApiResponse::jsonArray));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
