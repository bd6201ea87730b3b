package io.piccolo.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.yaml.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Schedule artifact as typed tasks. Its shape was checked where it was read ({@code
 * ArtifactSchemas}); what is still wrong here is reported with the field's path.
 */
public final class ScheduleReader {
  private ScheduleReader() {}

  /**
   * @throws IllegalArgumentException naming the field when the document is not a Schedule this
   *     executor can apply
   */
  public static Schedule read(Artifact artifact) {
    String file =
        artifact.origin() != null ? artifact.origin().file() : "Schedule/" + artifact.name();
    int line = artifact.origin() != null ? artifact.origin().line() : 0;
    JsonNode spec = artifact.document().path("spec");
    if (!spec.isArray()) {
      throw new IllegalArgumentException(
          "Schedule " + artifact.name() + ": spec must be a list of tasks");
    }
    Node.ListNode located =
        artifact.source() instanceof Node.MapNode doc && doc.get("spec") instanceof Node.ListNode l
            ? l
            : null;
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      Node.MapNode taskNode =
          located != null
                  && i < located.items().size()
                  && located.items().get(i) instanceof Node.MapNode m
              ? m
              : null;
      tasks.add(task(artifact.name(), "spec[" + i + "]", spec.get(i), taskNode));
    }
    return new Schedule(artifact.name(), file, line, tasks);
  }

  private static Task task(String schedule, String field, JsonNode t, Node.MapNode located) {
    Map<String, Integer> lines = new HashMap<>();
    if (located != null) {
      lines.put("", located.line());
      located.entries().forEach((k, v) -> lines.put(k, v.line()));
    }
    String where = "Schedule " + schedule + " " + field;
    String policyText = text(t, "policy", where);
    SchedulingPolicy policy;
    try {
      policy = SchedulingPolicy.valueOf(policyText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ".policy: '" + policyText + "' is not one of NORMAL, FIFO, RR, DEADLINE");
    }
    return new Task(
        text(t, "name", where),
        policy,
        (int) number(t, "priority", where, 0),
        (int) number(t, "nice", where, 0),
        number(t, "cpu_affinity", where, 0),
        number(t, "period", where, null),
        number(t, "release_time", where, 0),
        number(t, "runtime", where, null),
        number(t, "deadline", where, null),
        t.path("node_id").asText(null),
        (int) number(t, "max_dmiss", where, 0),
        t.path("temporal_class").asText("PERIODIC"),
        lines);
  }

  private static String text(JsonNode t, String field, String where) {
    JsonNode v = t.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + "." + field + ": required");
    }
    return v.asText();
  }

  private static long number(JsonNode t, String field, String where, Integer absent) {
    JsonNode v = t.get(field);
    if (v == null || v.isNull()) {
      if (absent == null) {
        throw new IllegalArgumentException(where + "." + field + ": required");
      }
      return absent;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(where + "." + field + ": must be a whole number");
    }
    return v.asLong();
  }
}
