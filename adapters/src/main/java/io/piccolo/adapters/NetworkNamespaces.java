package io.piccolo.adapters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A container runtime that tells where a Model's running pod has its network namespace, so that a
 * network executor can plumb it (PHAROS moves a veth in and gives it an address). Such a Model is
 * started with a namespace of its own holding only loopback: its document carries {@value
 * #POD_NETWORK_ANNOTATION}{@code : none}, which the network executor adds to the work it passes on.
 */
public interface NetworkNamespaces {
  /** With the value {@code none}: the pod gets a network namespace with only loopback. */
  String POD_NETWORK_ANNOTATION = "io.piccolo.network/pod-network";

  /**
   * The network namespace of the Model's running pod, as a path ({@code /proc/PID/ns/net}, or the
   * runtime's own under {@code /run/netns}); empty when no pod of that Model runs. Completes
   * exceptionally as {@link Executor#execute} would fail: the runtime away, or a refusal.
   */
  CompletionStage<Optional<Path>> networkNamespace(String model);
}
