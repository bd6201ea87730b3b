package io.piccolo.adapters.container;

/**
 * One of a container's {@code ports}: published on the pod.
 *
 * @param hostPort the host's port, or 0 to let the runtime choose one
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}
 */
public record PortMapping(int containerPort, int hostPort, String protocol) {}
