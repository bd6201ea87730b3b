package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.rulebase.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PHAROS would refuse or get wrong in a file of Networks and the Models on them, found without
 * touching the kernel: bridge Networks whose subnets overlap, Models asking for a class their
 * Network does not declare, more Models than a subnet has room for, Models on the host's network;
 * and, as warnings, Models naming a Network the file does not hold. The artifact reader has checked
 * each Network's own fields.
 */
public final class NetworkChecks {
  private NetworkChecks() {}

  public static List<Problem> check(List<Artifact> artifacts) {
    List<Problem> problems = new ArrayList<>();
    Map<String, NetworkSpec> bridges = new LinkedHashMap<>();
    Map<String, Artifact> declared = new LinkedHashMap<>();
    for (Artifact a : artifacts) {
      if (!a.kind().equals("Network")) {
        continue;
      }
      declared.put(a.name(), a);
      NetworkSpec spec = NetworkSpec.from(a.name(), a.document().path("spec"));
      if (!spec.bridge()) {
        continue;
      }
      for (NetworkSpec other : bridges.values()) {
        if (overlap(spec.subnet(), other.subnet())) {
          problems.add(
              error(
                  a,
                  "Network "
                      + a.name()
                      + ", spec.subnet: "
                      + spec.subnet()
                      + " overlaps "
                      + other.subnet()
                      + " of Network "
                      + other.name()
                      + ": each bridge Network needs a subnet of its own",
                  "spec",
                  "subnet"));
        }
      }
      bridges.put(a.name(), spec);
    }
    Map<String, Integer> members = new LinkedHashMap<>();
    for (Artifact a : artifacts) {
      if (!a.kind().equals("Model")) {
        continue;
      }
      JsonNode annotations = a.document().path("metadata").path("annotations");
      String network = annotations.path(Pharos.NETWORK_ANNOTATION).asText("");
      if (network.isEmpty()) {
        continue;
      }
      NetworkSpec spec = bridges.get(network);
      if (spec == null) {
        if (!declared.containsKey(network)) {
          problems.add(
              Problem.warning(
                  file(a),
                  line(a, "metadata", "annotations", Pharos.NETWORK_ANNOTATION),
                  0,
                  "Model "
                      + a.name()
                      + " names network '"
                      + network
                      + "', which this file does not hold: PHAROS plumbs it only when a Network"
                      + " of that name in bridge mode is stored"));
        }
        continue;
      }
      members.merge(network, 1, Integer::sum);
      String className = annotations.path(Pharos.CLASS_ANNOTATION).asText(TrafficClass.DEFAULT);
      if (!className.equals(TrafficClass.DEFAULT) && spec.trafficClass(className).isEmpty()) {
        problems.add(
            error(
                a,
                "Model "
                    + a.name()
                    + " asks for class '"
                    + className
                    + "' ("
                    + Pharos.CLASS_ANNOTATION
                    + "), which Network "
                    + network
                    + " does not declare (classes: "
                    + spec.classNames()
                    + ")",
                "metadata",
                "annotations",
                Pharos.CLASS_ANNOTATION));
      }
      if (a.document().path("spec").path("hostNetwork").asBoolean(false)) {
        problems.add(
            error(
                a,
                "Model "
                    + a.name()
                    + ", spec.hostNetwork: runs in the host's network namespace,"
                    + " which PHAROS never plumbs; drop hostNetwork to join Network "
                    + network,
                "spec",
                "hostNetwork"));
      }
    }
    members.forEach(
        (network, count) -> {
          Subnet subnet = bridges.get(network).subnet();
          if (count > subnet.capacity()) {
            problems.add(
                error(
                    declared.get(network),
                    "Network "
                        + network
                        + ", spec.subnet: "
                        + count
                        + " Models join it, but "
                        + subnet
                        + " has room for "
                        + subnet.capacity()
                        + ": widen the subnet",
                    "spec",
                    "subnet"));
          }
        });
    return problems;
  }

  private static boolean overlap(Subnet a, Subnet b) {
    int prefix = Math.min(a.prefix(), b.prefix());
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return (a.network() & mask) == (b.network() & mask);
  }

  private static Problem error(Artifact a, String message, String... path) {
    return Problem.error(file(a), line(a, path), 0, message);
  }

  private static String file(Artifact a) {
    return a.origin() == null ? "<unknown>" : a.origin().file();
  }

  /** The line of the field at {@code path}, or of the nearest field above it that is written. */
  private static int line(Artifact a, String... path) {
    int line = a.origin() == null ? 0 : a.origin().line();
    Node node = a.source();
    for (String key : path) {
      if (!(node instanceof Node.MapNode map) || !map.has(key)) {
        break;
      }
      node = map.get(key);
      line = node.line();
    }
    return line;
  }
}
