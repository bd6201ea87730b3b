package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ModelTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a Model asks of PHAROS through its annotations, checked against its stored Network: the
 * network, the class and the namespace its veth goes into (a path). A Model that joins no bridge
 * network asks for nothing, and {@link #skipped} says why.
 *
 * @param spec its Network, or null when there is nothing to set up
 */
record JoinRequest(String model, NetworkSpec spec, String className, String netns, String skipped) {
  private static final Path HOST_NAMESPACE = Path.of("/proc/self/ns/net");

  boolean joins() {
    return spec != null;
  }

  String network() {
    return spec.name();
  }

  /**
   * @param runtimeNamespace the namespace the Model's runtime says its pod has, if it says
   * @throws IllegalArgumentException for a class the Network does not declare, or a namespace that
   *     does not exist or is the host's
   * @throws Exception when the catalog cannot be read
   */
  static JoinRequest read(
      ModelTarget target, NetworkCatalog catalog, Optional<Path> runtimeNamespace)
      throws Exception {
    String model = target.modelName();
    JsonNode annotations = annotations(target);
    String networkName = annotations.path(Pharos.NETWORK_ANNOTATION).asText("");
    if (networkName.isEmpty()) {
      return skip(model, "joins no network");
    }
    Optional<JsonNode> found = catalog.spec(networkName);
    if (found.isEmpty()) {
      return skip(model, "network '" + networkName + "' is not a stored Network");
    }
    NetworkSpec spec = NetworkSpec.from(networkName, found.get());
    if (!spec.bridge()) {
      return skip(model, "Network/" + networkName + " is not in bridge mode");
    }
    String className = annotations.path(Pharos.CLASS_ANNOTATION).asText(TrafficClass.DEFAULT);
    if (!className.equals(TrafficClass.DEFAULT) && spec.trafficClass(className).isEmpty()) {
      throw new IllegalArgumentException(
          "Model/"
              + model
              + " asks for class '"
              + className
              + "' ("
              + Pharos.CLASS_ANNOTATION
              + "), which Network/"
              + networkName
              + " does not declare (classes: "
              + spec.classNames()
              + ")");
    }
    String netns = namespace(model, annotations, runtimeNamespace);
    return new JoinRequest(model, spec, className, netns, null);
  }

  /** Whether the Model names a stored Network in bridge mode, which PHAROS plumbs. */
  static boolean plumbed(ModelTarget target, NetworkCatalog catalog) throws Exception {
    String networkName = annotations(target).path(Pharos.NETWORK_ANNOTATION).asText("");
    if (networkName.isEmpty()) {
      return false;
    }
    Optional<JsonNode> found = catalog.spec(networkName);
    return found.isPresent() && NetworkSpec.from(networkName, found.get()).bridge();
  }

  private static JsonNode annotations(ModelTarget target) {
    return target.model().document().path("metadata").path("annotations");
  }

  /**
   * The path of the namespace the veth goes into: one named by {@link Pharos#NETNS_ANNOTATION}
   * under {@code /run/netns}, else the one the runtime told, else {@code /run/netns/MODEL}.
   */
  private static String namespace(String model, JsonNode annotations, Optional<Path> fromRuntime)
      throws IOException {
    String named = annotations.path(Pharos.NETNS_ANNOTATION).asText("");
    Path path;
    if (named.isEmpty() && fromRuntime.isPresent()) {
      path = fromRuntime.get();
      if (!Files.exists(path)) {
        throw new IllegalArgumentException(
            "Model/"
                + model
                + "'s runtime named the network namespace "
                + path
                + ", which is gone: its pod stopped meanwhile");
      }
    } else {
      String name = named.isEmpty() ? model : named;
      path = Pharos.NETNS_DIR.resolve(name);
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || !Files.exists(path)) {
        throw new IllegalArgumentException(
            "Model/"
                + model
                + " has no network namespace "
                + path
                + ": PHAROS moves its veth into the namespace its runtime made (a container"
                + " started with network none), named after the Model or by "
                + Pharos.NETNS_ANNOTATION);
      }
    }
    if (Files.isSameFile(path, HOST_NAMESPACE)) {
      throw new IllegalArgumentException(
          "Model/"
              + model
              + " runs in the host's network namespace (hostNetwork: true): PHAROS plumbs only"
              + " Models with a namespace of their own");
    }
    return path.toString();
  }

  private static JoinRequest skip(String model, String why) {
    return new JoinRequest(model, null, null, null, why);
  }
}
