package io.piccolo.adapters.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Work;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Model document as a pod, the way Pullpiri's nodeagent maps it: one pod per Model named after
 * it, containers {@code {model}_{container}}; {@code command} → entrypoint, {@code args} → cmd,
 * {@code env}, {@code ports} (on the pod), {@code hostPath} volume mounts, {@code hostNetwork}, CPU
 * and memory limits, capabilities, {@code privileged}, {@code runAsUser}/{@code runAsGroup}.
 * Defaults are Kubernetes': {@code restartPolicy: Always}, a 30 s grace period.
 */
public final class ModelMapping {
  /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);

  private ModelMapping() {}

  /**
   * A Model's {@code terminationGracePeriodSeconds}, or the default when it has none it can use:
   * stopping a Model needs nothing else of its document, however else it is written.
   */
  public static Duration gracePeriod(JsonNode document) {
    JsonNode seconds = document.path("spec").path("terminationGracePeriodSeconds");
    return seconds.canConvertToLong() && seconds.asLong() >= 0
        ? Duration.ofSeconds(seconds.asLong())
        : DEFAULT_GRACE_PERIOD;
  }

  /** The pod a unit of work's Model runs as. */
  public static PodPlan plan(Work work) throws ModelMappingException {
    ModelTarget target = work.target();
    String model = target.modelName();
    JsonNode spec = target.model().document().path("spec");
    Fields fields = new Fields(model);

    Map<String, String> labels = new LinkedHashMap<>();
    target
        .model()
        .document()
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    labels.put(PiccoloLabels.MANAGED, "true");
    labels.put(PiccoloLabels.MODEL, model);
    labels.put(PiccoloLabels.MODEL_VERSION, Long.toString(target.model().version()));
    if (target.packageName() != null) {
      labels.put(PiccoloLabels.PACKAGE, target.packageName());
    }
    if (target.node() != null) {
      labels.put(PiccoloLabels.NODE, target.node());
    }
    if (work.scenario() != null) {
      labels.put(PiccoloLabels.SCENARIO, work.scenario());
    }

    RestartPolicy restartPolicy = RestartPolicy.ALWAYS;
    if (spec.hasNonNull("restartPolicy")) {
      restartPolicy = RestartPolicy.parse(spec.get("restartPolicy").asText());
      if (restartPolicy == null) {
        throw fields.error(
            "spec.restartPolicy",
            "is '" + spec.get("restartPolicy").asText() + "'",
            "one of Always, OnFailure, Never");
      }
    }
    labels.put(PiccoloLabels.RESTART_POLICY, restartPolicy.spelling());

    Duration grace = DEFAULT_GRACE_PERIOD;
    if (spec.hasNonNull("terminationGracePeriodSeconds")) {
      JsonNode seconds = spec.get("terminationGracePeriodSeconds");
      if (!seconds.canConvertToLong() || seconds.asLong() < 0) {
        throw fields.error(
            "spec.terminationGracePeriodSeconds",
            "is '" + seconds.asText() + "'",
            "a whole number of seconds, 0 or more");
      }
      grace = Duration.ofSeconds(seconds.asLong());
    }

    Map<String, String> hostPaths = hostPathVolumes(spec);
    boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
    List<PortMapping> ports = new ArrayList<>();
    List<ContainerPlan> containers = new ArrayList<>();
    JsonNode list = spec.path("containers");
    if (!list.isArray() || list.isEmpty()) {
      throw fields.error("spec.containers", "is empty", "at least one container");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode container = list.get(i);
      String at = "spec.containers[" + i + "]";
      ContainerPlan plan = container(fields, at, model, container, hostPaths);
      containers.add(plan);
      if (!hostNetwork) {
        ports.addAll(plan.ports());
      }
    }
    String digest = digest(spec);
    if (!hostNetwork && "none".equals(podNetwork(target))) {
      labels.put(PiccoloLabels.POD_NETWORK, "none");
      digest = digest + "-none"; // a pod of the same spec with a network is not this one
    }
    labels.put(PiccoloLabels.MODEL_DIGEST, digest);
    return new PodPlan(
        model,
        target.node(),
        Map.copyOf(labels),
        hostNetwork,
        List.copyOf(ports),
        List.copyOf(containers),
        restartPolicy,
        grace,
        digest);
  }

  private static ContainerPlan container(
      Fields fields, String at, String model, JsonNode container, Map<String, String> hostPaths)
      throws ModelMappingException {
    String name = container.path("name").asText("");
    if (name.isEmpty()) {
      throw fields.error(at + ".name", "is missing", "a container name");
    }
    String image = container.path("image").asText("");
    if (image.isEmpty()) {
      throw fields.error(at + ".image", "is missing", "an image, e.g. localhost/piccolo/busybox:1");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      env.put(variable.path("name").asText(), variable.path("value").asText(""));
    }
    List<BindMount> mounts = new ArrayList<>();
    JsonNode volumeMounts = container.path("volumeMounts");
    for (int j = 0; j < volumeMounts.size(); j++) {
      JsonNode mount = volumeMounts.get(j);
      String volume = mount.path("name").asText();
      String source = hostPaths.get(volume);
      if (source == null) {
        throw fields.error(
            at + ".volumeMounts[" + j + "].name",
            "names '" + volume + "', which is not a hostPath volume in spec.volumes",
            "the name of a spec.volumes entry with a hostPath");
      }
      mounts.add(
          new BindMount(
              source, mount.path("mountPath").asText(), mount.path("readOnly").asBoolean(false)));
    }
    List<PortMapping> ports = new ArrayList<>();
    for (JsonNode port : container.path("ports")) {
      ports.add(
          new PortMapping(
              port.path("containerPort").asInt(),
              port.path("hostPort").asInt(0),
              port.path("protocol").asText("TCP").toLowerCase(java.util.Locale.ROOT)));
    }
    JsonNode limits = container.path("resources").path("limits");
    long memory = 0;
    if (limits.hasNonNull("memory")) {
      OptionalLong bytes = Quantities.memoryBytes(limits.get("memory").asText());
      if (bytes.isEmpty()) {
        throw fields.error(
            at + ".resources.limits.memory",
            "is '" + limits.get("memory").asText() + "'",
            "a memory quantity such as 64Mi, 1Gi or 500M");
      }
      memory = bytes.getAsLong();
    }
    long nanoCpus = 0;
    if (limits.hasNonNull("cpu")) {
      OptionalLong cpus = Quantities.nanoCpus(limits.get("cpu").asText());
      if (cpus.isEmpty()) {
        throw fields.error(
            at + ".resources.limits.cpu",
            "is '" + limits.get("cpu").asText() + "'",
            "a CPU quantity such as 1, 0.5 or 500m");
      }
      nanoCpus = cpus.getAsLong();
    }
    JsonNode security = container.path("securityContext");
    return new ContainerPlan(
        model + "_" + name,
        image,
        texts(container.path("command")),
        texts(container.path("args")),
        Map.copyOf(env),
        container.hasNonNull("workingDir") ? container.get("workingDir").asText() : null,
        container.path("stdin").asBoolean(false),
        container.path("tty").asBoolean(false),
        List.copyOf(ports),
        List.copyOf(mounts),
        memory,
        nanoCpus,
        texts(security.path("capabilities").path("add")),
        texts(security.path("capabilities").path("drop")),
        security.path("privileged").asBoolean(false),
        user(security));
  }

  private static String podNetwork(ModelTarget target) {
    return target
        .model()
        .document()
        .path("metadata")
        .path("annotations")
        .path(io.piccolo.adapters.NetworkNamespaces.POD_NETWORK_ANNOTATION)
        .asText("");
  }

  /** {@code runAsUser[:runAsGroup]}; a group alone runs as root in that group. */
  private static String user(JsonNode security) {
    boolean hasUser = security.hasNonNull("runAsUser");
    boolean hasGroup = security.hasNonNull("runAsGroup");
    if (!hasUser && !hasGroup) {
      return null;
    }
    String uid = hasUser ? security.get("runAsUser").asText() : "0";
    return hasGroup ? uid + ":" + security.get("runAsGroup").asText() : uid;
  }

  private static Map<String, String> hostPathVolumes(JsonNode spec) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (JsonNode volume : spec.path("volumes")) {
      if (volume.path("hostPath").hasNonNull("path")) {
        paths.put(volume.path("name").asText(), volume.path("hostPath").path("path").asText());
      }
    }
    return paths;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (JsonNode item : array) {
      texts.add(item.asText());
    }
    return List.copyOf(texts);
  }

  private static String digest(JsonNode spec) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(spec.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Words a mapping error: the Model, the field, what it holds, and what to write instead. */
  private record Fields(String model) {
    ModelMappingException error(String field, String problem, String expected) {
      return new ModelMappingException(
          "Model '" + model + "': " + field + " " + problem + "; expected " + expected);
    }
  }
}
