package io.piccolo.adapters.container;

import java.util.Map;

/**
 * A container PICCOLO started and watches: when it dies without PICCOLO stopping it, its Model's
 * state changes and its restart policy applies.
 */
public record Watched(String id, String name, String model, String node, RestartPolicy policy) {
  /** Picked up from the labels PICCOLO put on the container; null when they are not PICCOLO's. */
  public static Watched fromLabels(String id, String name, Map<String, String> labels) {
    String model = labels.get(PiccoloLabels.MODEL);
    if (model == null) {
      return null;
    }
    RestartPolicy policy = RestartPolicy.parse(labels.get(PiccoloLabels.RESTART_POLICY));
    return new Watched(
        id,
        name,
        model,
        labels.get(PiccoloLabels.NODE),
        policy == null ? RestartPolicy.NEVER : policy);
  }
}
