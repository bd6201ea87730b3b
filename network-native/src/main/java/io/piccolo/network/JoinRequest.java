package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ModelTarget;
import java.nio.file.Files;
import java.util.Optional;

/**
 * What a Model asks of PHAROS through its annotations, checked against its stored Network: the
 * network, the class and the namespace its veth goes into. A Model that joins no bridge network
 * asks for nothing, and {@link #skipped} says why.
 *
 * @param spec its Network, or null when there is nothing to set up
 */
record JoinRequest(String model, NetworkSpec spec, String className, String netns, String skipped) {

  boolean joins() {
    return spec != null;
  }

  String network() {
    return spec.name();
  }

  /**
   * @throws IllegalArgumentException for a class the Network does not declare, or a namespace that
   *     does not exist
   * @throws Exception when the catalog cannot be read
   */
  static JoinRequest read(ModelTarget target, NetworkCatalog catalog) throws Exception {
    String model = target.modelName();
    JsonNode annotations = target.model().document().path("metadata").path("annotations");
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
    String netns = annotations.path(Pharos.NETNS_ANNOTATION).asText(model);
    if (!netns.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")
        || !Files.exists(Pharos.NETNS_DIR.resolve(netns))) {
      throw new IllegalArgumentException(
          "Model/"
              + model
              + " has no network namespace "
              + Pharos.NETNS_DIR.resolve(netns)
              + ": PHAROS moves its veth into the namespace its runtime made (a container started"
              + " with network none), named after the Model or by "
              + Pharos.NETNS_ANNOTATION);
    }
    return new JoinRequest(model, spec, className, netns, null);
  }

  private static JoinRequest skip(String model, String why) {
    return new JoinRequest(model, null, null, null, why);
  }
}
