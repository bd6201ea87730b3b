package io.piccolo.engine.rulebase;

/** DRL text and the file name messages should point at. */
public record RuleSource(String origin, String text) {}
