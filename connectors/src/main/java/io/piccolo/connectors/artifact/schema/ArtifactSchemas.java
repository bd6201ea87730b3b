package io.piccolo.connectors.artifact.schema;

import static io.piccolo.connectors.artifact.schema.Shape.any;
import static io.piccolo.connectors.artifact.schema.Shape.bool;
import static io.piccolo.connectors.artifact.schema.Shape.integer;
import static io.piccolo.connectors.artifact.schema.Shape.list;
import static io.piccolo.connectors.artifact.schema.Shape.map;
import static io.piccolo.connectors.artifact.schema.Shape.oneOf;
import static io.piccolo.connectors.artifact.schema.Shape.openMap;
import static io.piccolo.connectors.artifact.schema.Shape.optional;
import static io.piccolo.connectors.artifact.schema.Shape.required;
import static io.piccolo.connectors.artifact.schema.Shape.scalarOrMap;
import static io.piccolo.connectors.artifact.schema.Shape.text;

import io.piccolo.connectors.artifact.schema.Shape.Field;
import java.util.Map;

/**
 * The shapes of Pullpiri's artifact kinds, field for field as Pullpiri reads them (Model: the
 * Kubernetes pod spec subset it uses). A Scenario's spec is read by the scenario reader.
 */
public final class ArtifactSchemas {
  private ArtifactSchemas() {}

  private static final Shape METADATA =
      map(
          required("name", text()),
          optional("labels", openMap()),
          optional("annotations", openMap()),
          optional("label", any()),
          optional("namespace", text()));

  private static final Shape VOLUME =
      map(
          required("name", text()),
          optional("hostPath", map(required("path", text()), optional("type", text()))));

  private static final Shape CONTAINER =
      map(
          required("name", text()),
          required("image", text()),
          optional("command", list(text())),
          optional("args", list(text())),
          optional("workingDir", text()),
          optional("stdin", bool()),
          optional("tty", bool()),
          optional("env", list(map(required("name", text()), optional("value", text())))),
          optional(
              "ports",
              list(
                  map(
                      required("containerPort", integer()),
                      optional("hostPort", integer()),
                      optional("protocol", oneOf("TCP", "UDP", "SCTP"))))),
          optional(
              "volumeMounts",
              list(
                  map(
                      required("name", text()),
                      required("mountPath", text()),
                      optional("readOnly", bool())))),
          optional(
              "resources", map(optional("limits", openMap()), optional("requests", openMap()))),
          optional(
              "securityContext",
              map(
                  optional("privileged", bool()),
                  optional("runAsUser", integer()),
                  optional("runAsGroup", integer()),
                  optional(
                      "capabilities",
                      map(optional("add", list(text())), optional("drop", list(text())))))));

  private static final Shape PACKAGE =
      map(
          optional("pattern", list(map(required("type", text())))),
          required(
              "models",
              list(
                  map(
                      required("name", text()),
                      required("node", text()),
                      optional(
                          "resources",
                          map(optional("volume", any()), optional("network", any())))))),
          optional("policy", text()),
          optional("schedule", text()),
          // PICCOLO's own: its Models are prepared ahead of a launch (a warm start)
          optional("warm", bool()));

  private static final Shape MODEL =
      map(
          optional("hostNetwork", bool()),
          required("containers", list(CONTAINER)),
          optional("volumes", list(VOLUME)),
          optional("restartPolicy", oneOf("Always", "OnFailure", "Never")),
          optional("terminationGracePeriodSeconds", integer()));

  private static final Shape POLICY =
      map(
          optional("placement", map(optional("availableNodes", list(text())))),
          optional(
              "procedure",
              map(
                  optional("type", text()),
                  optional("strategy", text()),
                  optional(
                      "trigger",
                      map(
                          optional(
                              "resourceThreshold",
                              map(optional("cpu", integer()), optional("memory", integer()))),
                          optional(
                              "deadlineMissThreshold",
                              scalarOrMap(integer(), map(required("count", integer())))))))));

  /**
   * TIMPANI tasks; times in microseconds. {@code DEADLINE} and {@code nice} (for NORMAL) are
   * PICCOLO's extensions; {@code temporal_class} is Pullpiri's newer field.
   */
  public static final Shape SCHEDULE_TASK =
      map(
          required("name", text()),
          required("priority", integer()),
          required("policy", oneOf("NORMAL", "FIFO", "RR", "DEADLINE")),
          optional("nice", integer()),
          optional("temporal_class", oneOf("PERIODIC", "SPORADIC")),
          required("cpu_affinity", integer()),
          required("period", integer()),
          required("release_time", integer()),
          required("runtime", integer()),
          required("deadline", integer()),
          required("node_id", text()),
          required("max_dmiss", integer()));

  /**
   * Pullpiri's {@code networkName} and {@code networkMode}, and what PHAROS reads: {@code mode},
   * {@code subnet}, the uplink's rate {@code link}, traffic {@code classes}, {@code isolated} and
   * the networks {@code allowFrom}. Rates are tc's ({@code 100mbit}).
   */
  private static final Shape NETWORK =
      map(
          optional("networkName", text()),
          optional("networkMode", text()),
          optional("mode", oneOf("bridge", "host")),
          optional("subnet", text()),
          optional("link", text()),
          optional(
              "classes",
              list(
                  map(
                      required("name", text()),
                      optional("priority", integer()),
                      required("rate", text()),
                      optional("ceil", text())))),
          optional("isolated", bool()),
          optional("allowFrom", list(text())));

  private static final Shape NODE =
      map(
          optional("role", oneOf("master", "sub")),
          optional("ip_address", text()),
          optional("hostname", text()),
          optional(
              "resources",
              map(
                  optional("cpu_cores", integer()),
                  optional("memory_mb", integer()),
                  optional("disk_gb", integer()),
                  optional("architecture", text()),
                  optional("os_version", text()))),
          optional("cluster_id", text()),
          optional("status", text()),
          optional("last_heartbeat", integer()),
          optional("config", openMap()));

  private static final Map<String, Field> SPECS =
      Map.of(
          "Package", required("spec", PACKAGE),
          "Model", required("spec", MODEL),
          "Policy", required("spec", POLICY),
          "Schedule", required("spec", list(SCHEDULE_TASK)),
          "Volume", optional("spec", map(optional("volumes", list(VOLUME)))),
          "Network", optional("spec", NETWORK),
          "Node", optional("spec", NODE),
          "Scenario", required("spec", any()));

  /** The whole document of a kind, or null for a kind Pullpiri does not have. */
  public static Shape document(String kind) {
    Field spec = SPECS.get(kind);
    if (spec == null) {
      return null;
    }
    return map(
        optional("apiVersion", text()),
        required("kind", text()),
        required("metadata", METADATA),
        spec,
        optional("status", any()));
  }
}
