package io.piccolo.adapters.container;

/**
 * The labels PICCOLO puts on the pods and containers it creates: who asked for them, and what the
 * executor needs to pick them up again after a restart without the Model's document.
 */
public final class PiccoloLabels {
  private PiccoloLabels() {}

  /** {@code true} on everything PICCOLO created; events and listings filter on it. */
  public static final String MANAGED = "io.piccolo.managed";

  public static final String SCENARIO = "io.piccolo.scenario";
  public static final String PACKAGE = "io.piccolo.package";
  public static final String MODEL = "io.piccolo.model";
  public static final String NODE = "io.piccolo.node";

  /** The Model's version in the store, as the unit of work named it. */
  public static final String MODEL_VERSION = "io.piccolo.model-version";

  /** A digest of the Model's spec: an update with the same spec changes nothing. */
  public static final String MODEL_DIGEST = "io.piccolo.model-digest";

  /** The Model's {@code restartPolicy} as it spells it. */
  public static final String RESTART_POLICY = "io.piccolo.restart-policy";

  /** A runtime's labels as texts; none when it has none. */
  public static java.util.Map<String, String> of(io.vertx.core.json.JsonObject labels) {
    java.util.Map<String, String> texts = new java.util.HashMap<>();
    if (labels != null) {
      labels.forEach(e -> texts.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return texts;
  }

  /** {@code none} on a pod started with a network namespace of its own holding only loopback. */
  public static final String POD_NETWORK = "io.piccolo.pod-network";
}
