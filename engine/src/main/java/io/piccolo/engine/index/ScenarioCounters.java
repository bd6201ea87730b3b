package io.piccolo.engine.index;

/** How often one scenario fired, was suppressed by its cooldown, and changed truth. */
public record ScenarioCounters(String name, long fired, long suppressed, long transitions) {}
