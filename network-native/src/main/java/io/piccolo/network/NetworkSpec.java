package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.connectors.artifact.Bandwidth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Network artifact as PHAROS reads it. The artifact reader has checked the fields (field paths
 * and lines); this only reads them.
 *
 * @param bridge whether PHAROS plumbs it ({@code mode: bridge}); in {@code host} mode the Models
 *     use the host's network and PHAROS leaves it alone
 * @param link the uplink's rate, bit/s; 0 when not a bridge network
 */
public record NetworkSpec(
    String name,
    boolean bridge,
    Subnet subnet,
    long link,
    List<TrafficClass> classes,
    boolean isolated,
    List<String> allowFrom) {
  /** A class's priority when it declares none: after the ones that do, before the default. */
  static final int DEFAULT_PRIORITY = 4;

  public NetworkSpec {
    classes = List.copyOf(classes);
    allowFrom = List.copyOf(allowFrom);
  }

  /**
   * @param spec the artifact's {@code spec}
   * @throws IllegalArgumentException for a bridge network without what it needs, naming the field
   */
  public static NetworkSpec from(String name, JsonNode spec) {
    boolean bridge = "bridge".equals(spec.path("mode").asText(""));
    List<String> allowFrom = new ArrayList<>();
    spec.path("allowFrom").forEach(n -> allowFrom.add(n.asText()));
    boolean isolated = spec.path("isolated").asBoolean(false);
    if (!bridge) {
      return new NetworkSpec(name, false, null, 0, List.of(), isolated, allowFrom);
    }
    if (!spec.path("subnet").isValueNode() || !spec.path("link").isValueNode()) {
      throw new IllegalArgumentException(
          "Network/" + name + ": spec.subnet and spec.link are required in bridge mode");
    }
    long link = Bandwidth.parse(spec.path("link").asText());
    List<TrafficClass> classes = new ArrayList<>();
    for (JsonNode c : spec.path("classes")) {
      long rate = Bandwidth.parse(c.path("rate").asText());
      long ceil = c.hasNonNull("ceil") ? Bandwidth.parse(c.path("ceil").asText()) : link;
      classes.add(
          new TrafficClass(
              c.path("name").asText(), c.path("priority").asInt(DEFAULT_PRIORITY), rate, ceil));
    }
    return new NetworkSpec(
        name, true, Subnet.parse(spec.path("subnet").asText()), link, classes, isolated, allowFrom);
  }

  Optional<TrafficClass> trafficClass(String className) {
    return classes.stream().filter(c -> c.name().equals(className)).findFirst();
  }

  /** The declared classes' names, for messages. */
  String classNames() {
    return classes.isEmpty()
        ? "none declared"
        : String.join(", ", classes.stream().map(TrafficClass::name).toList());
  }

  /** Whether traffic between {@code this} and {@code other} is allowed by both sides' isolation. */
  boolean admits(NetworkSpec other) {
    if (other.name.equals(name)) {
      return true;
    }
    return (!isolated || allowFrom.contains(other.name))
        && (!other.isolated || other.allowFrom.contains(name));
  }
}
