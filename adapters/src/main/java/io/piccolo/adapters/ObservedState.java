package io.piccolo.adapters;

/**
 * A Model state an executor saw happen by itself, e.g. a container that exited.
 *
 * @param state a Model state ({@code running}, {@code exited}, {@code dead}, …)
 * @param reason what the runtime said, e.g. "exit code 1"; null when nothing
 */
public record ObservedState(String model, String node, String state, String reason) {}
