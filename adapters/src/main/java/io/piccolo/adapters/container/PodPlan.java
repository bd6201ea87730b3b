package io.piccolo.adapters.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Model as a container runtime runs it: one pod named after the Model holding its containers.
 *
 * @param labels set on the pod and on each container: the Model's own labels and {@link
 *     PiccoloLabels}
 * @param ports every container's {@code ports}, published on the pod (none with host networking)
 * @param gracePeriod {@code terminationGracePeriodSeconds}: how long a stop waits before it kills
 * @param digest a digest of the Model's spec, so a running pod shows which document it came from
 */
public record PodPlan(
    String name,
    String node,
    Map<String, String> labels,
    boolean hostNetwork,
    List<PortMapping> ports,
    List<ContainerPlan> containers,
    RestartPolicy restartPolicy,
    Duration gracePeriod,
    String digest) {

  /**
   * Whether the pod gets a network namespace with only loopback, for a network executor to plumb.
   */
  public boolean noNetwork() {
    return "none".equals(labels.get(PiccoloLabels.POD_NETWORK));
  }
}
