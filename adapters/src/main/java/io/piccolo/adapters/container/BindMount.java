package io.piccolo.adapters.container;

/** A {@code volumeMount} of a {@code hostPath} volume: a host folder bound into a container. */
public record BindMount(String source, String destination, boolean readOnly) {}
