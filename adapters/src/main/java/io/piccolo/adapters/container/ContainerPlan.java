package io.piccolo.adapters.container;

import java.util.List;
import java.util.Map;

/**
 * One container of a Model, as a runtime creates it.
 *
 * @param name {@code {model}_{container}}, as Pullpiri names it
 * @param entrypoint the Model's {@code command}; empty for the image's own
 * @param cmd the Model's {@code args}; empty for the image's own
 * @param ports the container's own {@code ports} (a pod publishes all of its containers')
 * @param memoryBytes {@code resources.limits.memory}, or 0 for no limit
 * @param nanoCpus {@code resources.limits.cpu} in billionths of a CPU, or 0 for no limit
 * @param user {@code runAsUser[:runAsGroup]}, or null for the image's user
 */
public record ContainerPlan(
    String name,
    String image,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    String workingDir,
    boolean stdin,
    boolean tty,
    List<PortMapping> ports,
    List<BindMount> mounts,
    long memoryBytes,
    long nanoCpus,
    List<String> capAdd,
    List<String> capDrop,
    boolean privileged,
    String user) {}
