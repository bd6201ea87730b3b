package io.piccolo.connectors.vss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signals a COVESA VSS catalogue defines (its JSON export: nested {@code children} under branch
 * nodes). Loads whatever file it is given; nothing is embedded.
 */
public final class VssCatalogue {
  /**
   * A leaf signal: {@code type} is sensor, actuator or attribute; {@code allowed} its enumerated
   * values (empty when any is), {@code min} and {@code max} NaN when the catalogue gives none,
   * {@code description} empty when it gives none.
   */
  public record Leaf(
      String path,
      String type,
      String datatype,
      String unit,
      List<String> allowed,
      double min,
      double max,
      String description) {
    public Leaf {
      allowed = List.copyOf(allowed);
    }
  }

  private final Map<String, Leaf> leaves;

  private VssCatalogue(Map<String, Leaf> leaves) {
    this.leaves = Map.copyOf(leaves);
  }

  /**
   * @throws IOException naming the file, if it cannot be read or is not a VSS JSON catalogue
   */
  public static VssCatalogue load(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a readable VSS JSON catalogue: " + e.getMessage(), e);
    }
    Map<String, Leaf> leaves = new HashMap<>();
    if (root != null && root.isObject()) {
      root.fields().forEachRemaining(e -> collect(e.getKey(), e.getValue(), leaves));
    }
    if (leaves.isEmpty()) {
      throw new IOException(
          file + ": no VSS signals found (expected a JSON tree of branches with 'children')");
    }
    return new VssCatalogue(leaves);
  }

  private static void collect(String path, JsonNode node, Map<String, Leaf> out) {
    JsonNode children = node.get("children");
    if (children != null && children.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = children.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> child = it.next();
        collect(path + "." + child.getKey(), child.getValue(), out);
      }
      return;
    }
    String type = node.path("type").asText("");
    if (!type.isEmpty() && !type.equals("branch")) {
      List<String> allowed = new ArrayList<>();
      node.path("allowed").forEach(value -> allowed.add(value.asText()));
      out.put(
          path,
          new Leaf(
              path,
              type,
              node.path("datatype").asText(""),
              node.path("unit").asText(""),
              allowed,
              bound(node.get("min")),
              bound(node.get("max")),
              node.path("description").asText("")));
    }
  }

  private static double bound(JsonNode value) {
    return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
  }

  public boolean contains(String path) {
    return leaves.containsKey(path);
  }

  public Leaf leaf(String path) {
    return leaves.get(path);
  }

  public Set<String> paths() {
    return leaves.keySet();
  }

  public int size() {
    return leaves.size();
  }
}
