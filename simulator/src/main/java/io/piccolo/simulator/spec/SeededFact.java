package io.piccolo.simulator.spec;

/**
 * One fact a spec's {@code given} puts into the session.
 *
 * @param atMillis when, on the replay's clock
 * @param key what a later fact of the same kind replaces it by; null for events
 * @param line where the spec wrote it
 */
public record SeededFact(long atMillis, GivenKind kind, String key, Object fact, int line) {}
