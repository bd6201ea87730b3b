package io.piccolo.engine.sandbox;

/** Rule code that uses something the sandbox does not allow, and where. */
public record Refusal(String file, int line, int column, String message) {}
